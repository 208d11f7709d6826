#!/usr/bin/env bash
# FX-thread stalls while demos run: the real window under Xvfb opens every question, runs its demo
# with default parameters (or quick ones with --quick) and records the longest gaps between FX
# pulses. Writes target/fx.json for `bench --fx`. Needs xvfb-run (apt-get install xvfb libgtk-3-0 libgl1 libxtst6).
set -eu
cd "$(dirname "$0")/.."
mode=default; [ "${1:-}" = "--quick" ] && mode=quick
arg=--stall-bench; [ "$mode" = quick ] && arg=--stall-bench=quick
xvfb-run -a -s "-screen 0 1440x900x24" java -jar target/deepdrill.jar "$arg" --stall-out=target/fx.json 2>/dev/null | grep -v '^\[' || true
test -s target/fx.json && echo "wrote target/fx.json ($mode parameters)"
