#!/usr/bin/env bash
# Start-up time: JVM start to the first rendered question, and to the full answer, under Xvfb.
# Cold = each run right after dropping the OS page cache (when allowed); warm = runs with the page
# cache kept. Both are medians of 5 runs. Writes target/startup.json for `bench --startup`.
# Needs xvfb-run (apt-get install xvfb libgtk-3-0 libgl1 libxtst6).
set -u
cd "$(dirname "$0")/.."
jar=target/deepdrill.jar
run() { xvfb-run -a -s "-screen 0 1440x900x24" java -jar "$jar" --exit-after-render 2>/dev/null; }
first() { awk '/first question on screen/{print $5}'; }
answer() { awk '/answer rendered/{print $5}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
note="cold: each run right after dropping the page cache"
cf=(); ca=()
for i in 1 2 3 4 5; do
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || note="cold: the page cache could not be dropped here, so these are ordinary runs"
    out=$(run); cf+=("$(echo "$out" | first)"); ca+=("$(echo "$out" | answer)")
done
run > /dev/null # settle the cache before the warm series
fs=(); as=()
for i in 1 2 3 4 5; do out=$(run); fs+=("$(echo "$out" | first)"); as+=("$(echo "$out" | answer)"); done
mkdir -p target
cat > target/startup.json <<JSON
{"runs": 5, "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "cold": {"firstQuestionMs": $(median "${cf[@]}"), "answerMs": $(median "${ca[@]}"), "all": [$(IFS=,; echo "${cf[*]}")]},
 "warm": {"firstQuestionMs": $(median "${fs[@]}"), "answerMs": $(median "${as[@]}"), "all": [$(IFS=,; echo "${fs[*]}")]},
 "note": "$note"}
JSON
cat target/startup.json
