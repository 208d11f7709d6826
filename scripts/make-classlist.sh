#!/usr/bin/env bash
# Regenerates src/packaging/classes.lst: the classes DeepDrill loads from start to its first rendered
# answer, under Xvfb. The packaged app's class-data archive (CDS) is dumped from this list, on Linux
# when the app image is built and again where the .deb installs it (archives do not move). A stale
# list only makes start-up slower: classes it misses load as usual.
set -eu
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
data=$(mktemp -d)
xvfb-run -a -s "-screen 0 1440x900x24" java -XX:DumpLoadedClassList=target/classes.lst -Ddeepdrill.relaunch=false \
    -Ddeepdrill.data="$data" -jar target/deepdrill.jar --exit-after-render > /dev/null 2>&1
rm -rf "$data"
grep -v '^#' target/classes.lst > src/packaging/classes.lst
wc -l src/packaging/classes.lst
