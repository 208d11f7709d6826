#!/usr/bin/env bash
# Start-up against its floors, under Xvfb: a bare JavaFX window (tree and text) and a bare WebView
# page load, measured in the same run, alternating with DeepDrill from the jar and, when built
# (mvn package -Pdist), from the packaged launcher. Medians of ROUNDS alternating rounds (default 5).
# Writes target/startup-floors.md (a BENCHMARKS.md section) and prints it.
set -u
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
cp=$(ls target/lib/javafx-*-linux.jar | paste -sd:)
mkdir -p target/floors
javac -d target/floors -cp "$cp" scripts/floors/FloorWindow.java scripts/floors/FloorWebView.java
xv() { xvfb-run -a -s "-screen 0 1440x900x24" "$@" 2>/dev/null; }
pick() { awk -v k="$1" 'index($0,k){print $(NF-4)}' | head -1; }
median() { printf '%s\n' "$@" | grep -E '^[0-9]+$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
pkg=target/dist/DeepDrill/bin/DeepDrill
fw=(); fv=(); jq=(); ja=(); pq=(); pa=()
for i in $(seq 1 "$ROUNDS"); do
    fw+=("$(xv java -cp "target/floors:$cp" FloorWindow | pick 'floor window painted')")
    fv+=("$(xv java -cp "target/floors:$cp" FloorWebView | pick 'floor webview loaded')")
    out=$(xv java -jar target/deepdrill.jar --exit-after-render)
    jq+=("$(echo "$out" | pick 'first question on screen')"); ja+=("$(echo "$out" | pick 'answer rendered')")
    if [ -x "$pkg" ]; then
        out=$(xv "$pkg" --exit-after-render)
        pq+=("$(echo "$out" | pick 'first question on screen')"); pa+=("$(echo "$out" | pick 'answer rendered')")
    fi
done
W=$(median "${fw[@]}"); V=$(median "${fv[@]}")
row() { # name, first-question median, answer median
    awk -v n="$1" -v q="$2" -v a="$3" -v w="$W" -v v="$V" 'BEGIN{
        printf "| %s | %d | %.2f× %s | %d | %.2f× %s |\n", n, q, q/w, (q/w<=1.5?"✓":"✗"), a, a/v, (a/v<=1.5?"✓":"✗")}'
}
{
echo "## Start-up against its floors"
echo
echo "Medians of $ROUNDS alternating rounds under Xvfb, $(date -u +%Y-%m-%d), $(nproc) cores. Floors measured in the same run:"
echo "a bare JavaFX window with a tree and text paints at **$W ms**; a bare WebView loads a short page at **$V ms**"
echo "(JVM start to that moment). Targets: the first question within 1.5× the bare window, the full answer (KaTeX) within 1.5× the bare WebView."
echo
echo "| DeepDrill from | first question, ms | ÷ bare window | full answer, ms | ÷ bare WebView |"
echo "|---|---|---|---|---|"
row "jar (java -jar)" "$(median "${jq[@]}")" "$(median "${ja[@]}")"
if [ ${#pq[@]} -gt 0 ]; then row "packaged app (jlink runtime)" "$(median "${pq[@]}")" "$(median "${pa[@]}")"; fi
echo
echo "All runs, ms — window: ${fw[*]}; WebView: ${fv[*]}; jar: ${jq[*]} / ${ja[*]}${pq:+; package: ${pq[*]} / ${pa[*]}}"
} > target/startup-floors.md
cat target/startup-floors.md
