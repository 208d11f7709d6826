#!/usr/bin/env bash
# Start-up against its floors, under Xvfb: a bare JavaFX window (tree and text) and a bare WebView
# page load, measured in the same run, alternating with DeepDrill from the jar and, when built
# (mvn package -Pdist), from the packaged launcher; the jar also without its class-data restart. Medians of ROUNDS alternating rounds (default 5).
# The floors run JavaFX as Maven gives it (jars only); a third floor runs the bare WebView with the
# natives beside the jars, as DeepDrill's build lays them out. DeepDrill runs with its usual data
# folder (answers rendered before are kept) and, for the cold row, with an empty one each time.
# Writes target/startup-floors.md (a BENCHMARKS.md section) and prints it.
set -u
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
mkdir -p target/floors/lib
cp target/lib/javafx-*-linux.jar target/floors/lib/
cp=$(ls target/floors/lib/javafx-*-linux.jar | paste -sd:)
cpn=$(ls target/lib/javafx-*-linux.jar | paste -sd:)
javac -d target/floors -cp "$cp" scripts/floors/FloorWindow.java scripts/floors/FloorWebView.java
xv() { xvfb-run -a -s "-screen 0 1440x900x24" "$@" 2>/dev/null; }
pick() { awk -v k="$1" 'index($0,k){print $(NF-4)}' | head -1; }
median() { printf '%s\n' "$@" | grep -E '^[0-9]+$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
pkg=target/dist/DeepDrill/bin/DeepDrill
fw=(); fv=(); fn=(); jq=(); ja=(); iq=(); ia=(); cq=(); ca=(); pq=(); pa=()
for i in $(seq 1 "$ROUNDS"); do
    fw+=("$(xv java -cp "target/floors:$cp" FloorWindow | pick 'floor window painted')")
    fv+=("$(xv java -cp "target/floors:$cp" FloorWebView | pick 'floor webview loaded')")
    fn+=("$(xv java -cp "target/floors:$cpn" FloorWebView | pick 'floor webview loaded')")
    out=$(xv java -jar target/deepdrill.jar --exit-after-render)
    jq+=("$(echo "$out" | pick 'first question on screen')"); ja+=("$(echo "$out" | pick 'answer rendered')")
    out=$(xv java -Ddeepdrill.relaunch=false -jar target/deepdrill.jar --exit-after-render)
    iq+=("$(echo "$out" | pick 'first question on screen')"); ia+=("$(echo "$out" | pick 'answer rendered')")
    cold=$(mktemp -d)
    out=$(xv java -Ddeepdrill.data="$cold" -jar target/deepdrill.jar --exit-after-render); rm -rf "$cold"
    cq+=("$(echo "$out" | pick 'first question on screen')"); ca+=("$(echo "$out" | pick 'answer rendered')")
    if [ -x "$pkg" ]; then
        out=$(xv "$pkg" --exit-after-render)
        pq+=("$(echo "$out" | pick 'first question on screen')"); pa+=("$(echo "$out" | pick 'answer rendered')")
    fi
done
W=$(median "${fw[@]}"); V=$(median "${fv[@]}"); N=$(median "${fn[@]}")
row() { # name, first-question median, answer median
    awk -v n="$1" -v q="$2" -v a="$3" -v w="$W" -v v="$V" 'BEGIN{
        printf "| %s | %d | %.2f× %s | %d | %.2f× %s |\n", n, q, q/w, (q/w<=1.5?"✓":"✗"), a, a/v, (a/v<=1.5?"✓":"✗")}'
}
{
echo "## Start-up against its floors"
echo
echo "Medians of $ROUNDS alternating rounds under Xvfb, $(date -u +%Y-%m-%d), $(nproc) cores. Floors measured in the same run:"
echo "a bare JavaFX window with a tree and text paints at **$W ms**; a bare WebView loads a short page at **$V ms**"
echo "(JVM start to that moment; JavaFX from its Maven jars, as a bare app runs it). Targets: the first question within 1.5× the bare window,"
echo "the full answer (KaTeX) within 1.5× the bare WebView. With JavaFX's natives beside its jars, as DeepDrill's build puts them,"
echo "the bare WebView loads at **$N ms**: JavaFX then skips checking its 110 MB WebKit library against a cached copy."
echo "From the jar, DeepDrill restarts its window once in a JVM given the class-data archive the build made beside the jar;"
echo "its times count from the first JVM's start. The row without the restart shows what the archive is worth."
echo
echo "| DeepDrill from | first question, ms | ÷ bare window | full answer, ms | ÷ bare WebView |"
echo "|---|---|---|---|---|"
row "jar (java -jar: restarts with the class-data archive)" "$(median "${jq[@]}")" "$(median "${ja[@]}")"
row "jar, no restart (-Ddeepdrill.relaunch=false)" "$(median "${iq[@]}")" "$(median "${ia[@]}")"
row "jar, first run (empty data folder: KaTeX runs)" "$(median "${cq[@]}")" "$(median "${ca[@]}")"
if [ ${#pq[@]} -gt 0 ]; then row "packaged app (jlink runtime)" "$(median "${pq[@]}")" "$(median "${pa[@]}")"; fi
echo
echo "All runs, ms — window: ${fw[*]}; WebView: ${fv[*]}; WebView, natives beside: ${fn[*]}; jar: ${jq[*]} / ${ja[*]}; jar, no restart: ${iq[*]} / ${ia[*]}; jar, first run: ${cq[*]} / ${ca[*]}${pq:+; package: ${pq[*]} / ${pa[*]}}"
} > target/startup-floors.md
cat target/startup-floors.md
