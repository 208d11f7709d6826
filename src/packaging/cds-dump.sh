#!/bin/sh
# Makes DeepDrill's class-data archive (CDS) beside this script: the classes in classes.lst, read
# once from the class path in DeepDrill.cfg and mapped into memory at every start. An archive
# records absolute paths, so it is made where the app lives (when the app image is built, and by
# the .deb after installing). If it fails, DeepDrill starts as usual, only slower.
app=$(cd "$(dirname "$0")" && pwd)
cp=$(sed -n "s#^app\.classpath=\\\$APPDIR#$app#p" "$app/DeepDrill.cfg" | paste -sd: -)
rm -f "$app/deepdrill.jsa"
"$app/../runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$app/classes.lst" \
    -XX:SharedArchiveFile="$app/deepdrill.jsa" -cp "$cp" > /dev/null 2>&1 \
    || echo "DeepDrill: no class-data archive made; start-up will be slower" >&2
exit 0
