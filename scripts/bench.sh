#!/usr/bin/env bash
# Full benchmark, never part of `mvn verify`: start-up and FX stalls in the real window under Xvfb,
# the engine and every demo (quick and default) in one process, then a soak of 50 quick runs per
# demo in a second process, and BENCHMARKS.md regenerated from the three, plus start-up against
# its floors and search speed.
# Usage: scripts/bench.sh [--quick]   (--quick: quick runs only, no soak)
# SOAK="id1,id2" limits the soak to those demos; SOAK=none skips it and keeps the last soak file.
set -eu
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
jar="java -jar target/deepdrill.jar"
scripts/bench-startup.sh
scripts/bench-fx.sh ${1:-}
$jar bench ${1:-} --startup target/startup.json --fx target/fx.json --out target/bench.json
if [ "${1:-}" != "--quick" ] && [ "${SOAK:-}" != "none" ]; then
    $jar bench --quick --repeat 50 ${SOAK:+--soak-only $SOAK} --out target/soak.json
fi
soak=""; [ -f target/soak.json ] && soak="--soak-from target/soak.json"
$jar bench --from target/bench.json $soak --markdown BENCHMARKS.md
# Sections measured by their own tools, appended: start-up against bare JavaFX floors (jar and, when
# built with -Pdist, the packaged app), and full-text search.
scripts/bench-startup-floors.sh > /dev/null && { echo; cat target/startup-floors.md; } >> BENCHMARKS.md
mvn -B -q test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false > /dev/null \
    && { echo; echo "## Search"; echo; cat target/search-bench.md; } >> BENCHMARKS.md
