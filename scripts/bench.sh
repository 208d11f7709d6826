#!/usr/bin/env bash
# Full benchmark: start-up under Xvfb, then every demo quick and default, a soak of 50 runs per
# demo, and BENCHMARKS.md regenerated. Not part of `mvn verify`. Usage: scripts/bench.sh [--quick]
set -eu
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
scripts/bench-startup.sh
# The soak (50 extra runs with random cancellations) covers the demos named in SOAK, or all of them.
repeat=50; [ "${1:-}" = "--quick" ] && repeat=0
soak=${SOAK:+--soak-only $SOAK}
java -jar target/deepdrill.jar bench ${1:-} --repeat "$repeat" $soak --startup target/startup.json --out target/bench.json --markdown BENCHMARKS.md
