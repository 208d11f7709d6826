#!/usr/bin/env bash
# Start-up time: JVM start to the first rendered question, and to the full answer, under Xvfb.
# Cold = the first run after dropping the OS page cache (when allowed); warm = median of 5 runs.
# Writes target/startup.json for `bench --startup`. Needs xvfb-run (apt-get install xvfb libgtk-3-0 libgl1 libxtst6).
set -u
cd "$(dirname "$0")/.."
jar=target/deepdrill.jar
run() { xvfb-run -a -s "-screen 0 1440x900x24" java -jar "$jar" --exit-after-render 2>/dev/null; }
first() { awk '/first question on screen/{print $5}'; }
answer() { awk '/answer rendered/{print $5}'; }
note="cold: first run after dropping the page cache"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || note="cold: first run of the series (the page cache could not be dropped here)"
out=$(run); cf=$(echo "$out" | first); ca=$(echo "$out" | answer)
fs=(); as=()
for i in 1 2 3 4 5; do out=$(run); fs+=("$(echo "$out" | first)"); as+=("$(echo "$out" | answer)"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
mkdir -p target
cat > target/startup.json <<JSON
{"runs": 5, "cold": {"firstQuestionMs": ${cf:-null}, "answerMs": ${ca:-null}},
 "warm": {"firstQuestionMs": $(median "${fs[@]}"), "answerMs": $(median "${as[@]}"), "all": [$(IFS=,; echo "${fs[*]}")]},
 "note": "$note"}
JSON
cat target/startup.json
