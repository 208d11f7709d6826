package org.deepdrill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.run.RunHandle;
import org.deepdrill.demo.RunListener;
import org.deepdrill.demo.tool.bench.EngineBench;
import org.deepdrill.quiz.PlanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code bench}: engine load, per-op overhead, matmul throughput, and each demo's wall time,
 * first live point and peak memory, quick and default; optionally a soak of repeated runs with
 * random cancellations. Writes JSON and can regenerate BENCHMARKS.md, keeping its interview-plan
 * section; {@code --quiz-plan} simulates that plan instead. Not part of mvn verify.
 */
@Command(name = "bench", description = "Measure start-up of the engine, the demos and memory; write JSON.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "quick runs only (the all-demos budget is 3 min)")
    boolean quick;

    @Option(names = "--out", description = "JSON output file (default target/bench.json)")
    Path out = Path.of("target/bench.json");

    @Option(names = "--only", split = ",", description = "only these demo ids")
    List<String> only;

    @Option(names = "--repeat", description = "soak: run each demo this many more times in quick mode, cancelling some at random")
    int repeat;

    @Option(names = "--soak-only", split = ",", description = "with --repeat: soak only these demo ids")
    List<String> soakOnly;

    @Option(names = "--markdown", description = "regenerate this Markdown file (e.g. BENCHMARKS.md) from the results")
    Path markdown;

    @Option(names = "--startup", description = "start-up JSON from scripts/bench-startup.sh to include")
    Path startup;

    @Option(names = "--from", description = "do not measure: rebuild the Markdown from this earlier JSON report")
    Path from;

    @Option(names = "--fx", description = "FX-thread stall JSON from scripts/bench-fx.sh to include")
    Path fx;

    @Option(names = "--soak-from", description = "take the soak results of this earlier report (e.g. a separate `--quick --repeat 50` run)")
    Path soakFrom;

    @Option(names = "--quiz-plan", description = "only simulate the interview plan (no demos); print its BENCHMARKS.md section, or with --markdown replace it there")
    boolean quizPlan;

    @Option(names = "--candidates", description = "with --quiz-plan: simulated candidates per scenario (default 500)")
    int candidates = 500;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (quizPlan) {
            return quizPlan();
        }
        if (from != null) {
            Map<String, Object> old = new ObjectMapper().readValue(from.toFile(), Map.class);
            if (startup != null && Files.exists(startup)) {
                old.put("startup", new ObjectMapper().readValue(startup.toFile(), Map.class));
            }
            mergeSoak(old);
            includeFx(old);
            Files.writeString(from, Json.write(old));
            if (markdown != null) {
                Files.writeString(markdown, keepPlanSection(BenchReport.markdown(old)));
                spec.commandLine().getOut().println("wrote " + markdown);
            }
            return 0;
        }
        PrintWriter log = spec.commandLine().getErr();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("command", "bench" + (quick ? " --quick" : "") + (repeat > 0 ? " --repeat " + repeat : ""));
        report.put("machine", Machine.describe());
        DemoRegistry registry = DemoRegistry.builtIn();
        try (DemoRunner runner = DemoRunner.withDjl(registry)) {
            long t0 = System.nanoTime();
            runner.engine().join();
            report.put("engineLoadMillis", (System.nanoTime() - t0) / 1e6);
            log.println("engine loaded");
            Map<String, Object> engine = new LinkedHashMap<>();
            engine.put("tinyOpMicros", runner.onDemoThread(() -> EngineBench.tinyOpMicros(30)).get());
            for (int n : new int[] {256, 1024, 2048}) {
                engine.put("matmulGflops" + n, runner.onDemoThread(() -> EngineBench.matmulGflops(n, n >= 2048 ? 5 : 10)).get());
            }
            report.put("engine", engine);
            log.println("engine micro-benchmarks done");
            List<Map<String, Object>> demos = new ArrayList<>();
            long quickTotal = 0;
            for (String id : registry.ids()) {
                if (only != null && !only.contains(id)) {
                    continue;
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("id", id);
                Map<String, Object> q = measure(runner, id, true);
                quickTotal += ((Number) q.get("wallMillis")).longValue();
                d.put("quick", q);
                if (!quick) {
                    d.put("default", measure(runner, id, false));
                }
                if (repeat > 0 && (soakOnly == null || soakOnly.contains(id))) {
                    d.put("soak", soak(runner, id, repeat));
                }
                demos.add(d);
                log.println(id + ": " + d);
            }
            report.put("allQuickMillis", quickTotal);
            report.put("demos", demos);
        }
        if (startup != null && Files.exists(startup)) {
            report.put("startup", new ObjectMapper().readValue(startup.toFile(), Map.class));
        }
        mergeSoak(report);
        includeFx(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(report));
        spec.commandLine().getOut().println("wrote " + out);
        if (markdown != null) {
            Files.writeString(markdown, keepPlanSection(BenchReport.markdown(report)));
            spec.commandLine().getOut().println("wrote " + markdown);
        }
        return 0;
    }

    /** Simulated candidates with and without the interview plan; no engine needed. */
    private int quizPlan() throws java.io.IOException {
        if (candidates < 2) {
            throw new IllegalArgumentException("--candidates must be at least 2, got " + candidates);
        }
        String section = PlanReport.markdown(PlanReport.run(candidates, 1), Instant.now().toString());
        if (markdown == null) {
            spec.commandLine().getOut().print(section);
            return 0;
        }
        String old = Files.exists(markdown) ? Files.readString(markdown) : "";
        Files.writeString(markdown, PlanReport.replaceSection(old, section));
        spec.commandLine().getOut().println("wrote " + markdown);
        return 0;
    }

    /** A regenerated BENCHMARKS.md keeps the interview-plan section the file had, at its end. */
    private String keepPlanSection(String fresh) throws java.io.IOException {
        String kept = Files.exists(markdown) ? PlanReport.section(Files.readString(markdown)) : "";
        return kept.isEmpty() ? fresh : PlanReport.replaceSection(fresh, kept);
    }

    private void includeFx(Map<String, Object> report) throws java.io.IOException {
        if (fx != null && Files.exists(fx)) {
            report.put("fx", new ObjectMapper().readValue(fx.toFile(), Map.class));
        }
    }

    /** Copies each demo's soak entry, and the soak's command and date, from {@code --soak-from}. */
    @SuppressWarnings("unchecked")
    private void mergeSoak(Map<String, Object> report) throws java.io.IOException {
        if (soakFrom == null) {
            return;
        }
        Map<String, Object> other = new ObjectMapper().readValue(soakFrom.toFile(), Map.class);
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) other.getOrDefault("demos", List.of())) {
            if (d.containsKey("soak")) {
                byId.put((String) d.get("id"), d.get("soak"));
            }
        }
        for (Map<String, Object> d : (List<Map<String, Object>>) report.getOrDefault("demos", List.of())) {
            Object soak = byId.get(d.get("id"));
            if (soak != null) {
                d.put("soak", soak);
            }
        }
        report.put("soakCommand", other.get("command"));
        report.put("soakDate", other.get("date"));
    }

    private static Map<String, Object> measure(DemoRunner runner, String id, boolean quick) throws Exception {
        System.gc();
        long rssBefore = ProcessMemory.rssBytes();
        long[] firstPoint = {-1};
        long start = System.nanoTime();
        RunListener l = new RunListener() {
            @Override
            public void onPoint(String chartId, String series, double x, double y) {
                if (firstPoint[0] < 0) {
                    firstPoint[0] = System.nanoTime();
                }
            }
        };
        DemoResult r;
        long peakRss;
        long peakHeap;
        try (ProcessMemory mem = new ProcessMemory()) {
            r = runner.run(id, Map.of(), quick, l);
            peakRss = mem.peakRss();
            peakHeap = mem.peakHeap();
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallMillis", wall);
        m.put("firstPointMillis", firstPoint[0] < 0 ? -1 : (firstPoint[0] - start) / 1_000_000);
        m.put("peakRssMB", peakRss / 1048576.0);
        m.put("rssBeforeMB", rssBefore / 1048576.0);
        m.put("peakHeapMB", peakHeap / 1048576.0);
        m.put("claims", r.claims().size());
        m.put("claimsHeld", r.claims().stream().filter(c -> c.holds()).count());
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics().forEach(x -> metrics.put(x.name(), Double.isFinite(x.value()) ? x.value() : null));
        m.put("metrics", metrics);
        return m;
    }

    /**
     * Runs a demo many times, cancelling about a third at a random moment, and reports growth.
     * Native memory is read three times at each end (after three warm-up runs, after the last three
     * runs) and the medians compared: memory a run holds for a moment moves one reading, a leak
     * moves all three.
     */
    private static Map<String, Object> soak(DemoRunner runner, String id, int times) throws Exception {
        Random rnd = new Random(id.hashCode());
        long[] before = new long[3];
        for (int k = 0; k < 3; k++) {
            runner.run(id, Map.of(), true, RunListener.NONE); // warm-up
            before[k] = settledNative();
        }
        long rss0 = ProcessMemory.rssBytes();
        long heap0 = usedHeap();
        int threads0 = ProcessMemory.threadCount();
        long[] after = new long[3];
        long nativeMid = -1;
        int cancelled = 0;
        for (int i = 0; i < times; i++) {
            if (i == times / 2) {
                nativeMid = settledNative();
            }
            if (runOnce(runner, id, rnd)) {
                cancelled++;
            }
            if (i >= times - 3) {
                after[i - (times - 3)] = settledNative();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", times);
        m.put("cancelled", cancelled);
        m.put("rssGrowthMB", (ProcessMemory.rssBytes() - rss0) / 1048576.0);
        m.put("heapGrowthMB", (usedHeap() - heap0) / 1048576.0);
        long native0 = median3(before);
        long native1 = median3(after);
        if (native0 >= 0 && native1 >= 0) {
            m.put("nativeGrowthMB", (native1 - native0) / 1048576.0);
            m.put("nativeGrowthSecondHalfMB", (native1 - nativeMid) / 1048576.0);
        }
        m.put("threadGrowth", ProcessMemory.threadCount() - threads0);
        return m;
    }

    /** One quick run, cancelled at a random moment one time in three; true if it ended cancelled. */
    private static boolean runOnce(DemoRunner runner, String id, Random rnd) throws Exception {
        RunHandle h = runner.start(id, Map.of(), true, RunListener.NONE);
        if (rnd.nextInt(3) == 0) {
            Thread.sleep(rnd.nextInt(300));
            h.cancel();
        }
        try {
            h.result().get();
            return false;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof DemoCancelledException)) {
                throw e;
            }
            return true;
        }
    }

    private static long median3(long[] v) {
        long[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[1];
    }

    /**
     * Live malloc'd bytes once garbage is collected: direct buffers the Java side no longer uses
     * are malloc'd too, and are freed only after a GC has run their cleaners.
     */
    private static long settledNative() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        Thread.sleep(100);
        return org.deepdrill.demo.run.NativeHeap.inUseBytes();
    }

    /**
     * The live Java heap: what the heap pools held right after the last collection. (Total minus
     * free memory also counts the buffers threads allocate into right after a GC, tens of MB.)
     */
    private static long usedHeap() {
        long live = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }
}
