#!/usr/bin/env bash
# Kills a process with SIGKILL at random moments while it saves quiz progress, ROUNDS times, and
# checks after each kill that the progress file loads without repair and lost at most the review
# in flight. Usage: scripts/crash-test.sh [ROUNDS]   (after `mvn -B package -DskipTests`)
set -u
cd "$(dirname "$0")/.."
rounds=${1:-200}
data=$(mktemp -d)
jar=target/deepdrill.jar
[ -f "$jar" ] || { echo "build first: mvn -B package -DskipTests"; exit 2; }
fails=0
for i in $(seq 1 "$rounds"); do
  log=$(mktemp)
  java -jar "$jar" quiz save-loop --data "$data" > "$log" 2>&1 &
  pid=$!
  # Wait until saving has started, then kill at a random moment within the next half second.
  for _ in $(seq 1 600); do grep -q '^saved' "$log" && break; sleep 0.05; done
  sleep "$(awk -v s=$RANDOM 'BEGIN{srand(s); printf "%.3f", rand()*0.5}')"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  acked=$(grep -c '^saved' "$log"); last=$(grep '^saved' "$log" | tail -1 | awk '{print $2}'); last=${last:-0}
  out=$(java -jar "$jar" quiz verify --data "$data"); rc=$?
  have=$(echo "$out" | awk '/^reviews/{print $2}')
  if [ $rc -ne 0 ] || [ "${have:-0}" -lt "$last" ] || [ "${have:-0}" -gt $((last + 1)) ]; then
    echo "round $i: FAIL rc=$rc acknowledged=$last on-disk=$have"; echo "$out"; fails=$((fails + 1))
  fi
  rm -f "$log"
done
total=$(java -jar "$jar" quiz verify --data "$data" | awk '/^reviews/{print $2}')
echo "crash test: $rounds kills, $fails failures, $total reviews on disk at the end"
rm -rf "$data"
[ $fails -eq 0 ]
