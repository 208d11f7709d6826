package org.deepdrill.search;

import org.deepdrill.content.ContentLibrary;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Search speed, for BENCHMARKS.md; not part of {@code mvn verify} (no timing is asserted anywhere).
 * Run: {@code mvn -o test -Dtest=SearchBenchmark}. Writes target/search-bench.md. Each figure is
 * given as wall time and as CPU time (a query: its thread's; a build: the whole process's, the
 * garbage collector included): on a shared machine the wall time also counts waiting for a core,
 * the CPU time does not.
 */
class SearchBenchmark {
    static final List<String> QUERIES = List.of("Korthikanti", "Korthikanty", "ZeRO", "d_k", "QK^T", "1/√d_k", "KL",
            "label smoothing", "attention", "gradient checkpointing memory", "KV cache", "lottery ticket rewinding",
            "mixed precision loss scaling", "softmax", "\"bias-variance decomposition\"", "attention -linear", "quant*");

    @TempDir
    Path dir;

    @Test
    void measure() throws IOException {
        ContentSet builtIn = ContentLoader.load(Path.of("content"));
        Path pack = GeneratedPack.write(dir.resolve("bench"), 500, builtIn.questions());
        ContentSet packOnly = ContentLoader.load(pack);
        ContentSet both = ContentLibrary.load(Path.of("content"), List.of(pack));
        StringBuilder md = new StringBuilder();
        md.append("| index | questions | answer text MB | build ms, wall: median (min–max) | build ms, CPU: median (min–max) |\n"
                + "|---|---|---|---|---|\n");
        md.append(buildRow("built-in", builtIn, 15));
        md.append(buildRow("500-question pack alone", packOnly, 7));
        md.append(buildRow("built-in + 500-question pack", both, 7));
        md.append("\n| query | index | hits | wall median ms | wall p95 ms | CPU median ms | CPU p95 ms |\n"
                + "|---|---|---|---|---|---|---|\n");
        List<Double> all = new ArrayList<>();
        List<Double> allBig = new ArrayList<>();
        List<Double> allCpu = new ArrayList<>();
        List<Double> allBigCpu = new ArrayList<>();
        SearchIndex small = SearchIndex.build(builtIn);
        SearchIndex big = SearchIndex.build(both);
        for (String q : QUERIES) {
            md.append(queryRow(q, small, "built-in", all, allCpu));
        }
        for (String q : QUERIES) {
            md.append(queryRow(q, big, "+ pack", allBig, allBigCpu));
        }
        md.append(String.format(Locale.ROOT, "%nAll %d queries × 50 runs, top 10 with snippets. Built-in: wall median %.2f ms, p95 %.2f ms; "
                + "CPU median %.2f ms, p95 %.2f ms. With the pack: wall median %.2f ms, p95 %.2f ms; CPU median %.2f ms, p95 %.2f ms.%n",
                QUERIES.size(), pct(all, 50), pct(all, 95), pct(allCpu, 50), pct(allCpu, 95),
                pct(allBig, 50), pct(allBig, 95), pct(allBigCpu, 50), pct(allBigCpu, 95)));
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/search-bench.md"), md);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String buildRow(String name, ContentSet set, int runs) {
        for (int i = 0; i < 3; i++) {
            SearchIndex.build(set); // warm-up
        }
        double[] ms = new double[runs];
        double[] cpuMs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long c0 = processCpu();
            SearchIndex.build(set);
            cpuMs[i] = (processCpu() - c0) / 1e6;
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpuMs);
        long chars = set.questions().stream().mapToLong(q -> q.answer().length()).sum();
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) |%n", name, set.questions().size(),
                chars / 1e6, ms[runs / 2], ms[0], ms[runs - 1], cpuMs[runs / 2], cpuMs[0], cpuMs[runs - 1]);
    }

    private static String queryRow(String q, SearchIndex index, String name, List<Double> all, List<Double> allCpu) {
        for (int i = 0; i < 20; i++) {
            index.search(q, 10);
        }
        List<Double> ms = new ArrayList<>();
        List<Double> cpuMs = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < 50; i++) {
            long t0 = System.nanoTime();
            long c0 = cpu();
            hits = index.search(q, 10).hits().size();
            cpuMs.add((cpu() - c0) / 1e6);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        all.addAll(ms);
        allCpu.addAll(cpuMs);
        return String.format(Locale.ROOT, "| `%s` | %s | %d | %.2f | %.2f | %.2f | %.2f |%n", q, name, hits, pct(ms, 50), pct(ms, 95),
                pct(cpuMs, 50), pct(cpuMs, 95));
    }

    private static double pct(List<Double> v, int p) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
