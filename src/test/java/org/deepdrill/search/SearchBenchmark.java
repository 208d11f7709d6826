package org.deepdrill.search;

import org.deepdrill.content.ContentLibrary;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Search speed, for BENCHMARKS.md; not part of {@code mvn verify} (no timing is asserted anywhere).
 * Run: {@code mvn -o test -Dtest=SearchBenchmark}. Writes target/search-bench.md.
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
        md.append("| index | questions | text MB | build ms, median (min–max) |\n|---|---|---|---|\n");
        md.append(buildRow("built-in", builtIn, 20));
        md.append(buildRow("500-question pack alone", packOnly, 7));
        md.append(buildRow("built-in + 500-question pack", both, 7));
        md.append("\n| query | index | hits | median ms | p95 ms |\n|---|---|---|---|---|\n");
        List<Double> all = new ArrayList<>();
        List<Double> allBig = new ArrayList<>();
        SearchIndex small = SearchIndex.build(builtIn);
        SearchIndex big = SearchIndex.build(both);
        for (String q : QUERIES) {
            md.append(queryRow(q, small, "built-in", all));
        }
        for (String q : QUERIES) {
            md.append(queryRow(q, big, "+ pack", allBig));
        }
        md.append(String.format(Locale.ROOT, "%nAll queries, built-in: median %.2f ms, p95 %.2f ms; with the pack: median %.2f ms, p95 %.2f ms.%n",
                pct(all, 50), pct(all, 95), pct(allBig, 50), pct(allBig, 95)));
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/search-bench.md"), md);
    }

    private static String buildRow(String name, ContentSet set, int runs) {
        for (int i = 0; i < 3; i++) {
            SearchIndex.build(set); // warm-up
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            SearchIndex.build(set);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        long chars = set.questions().stream().mapToLong(q -> q.answer().length()).sum();
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.0f (%.0f–%.0f) |%n", name, set.questions().size(), chars / 1e6,
                ms[runs / 2], ms[0], ms[runs - 1]);
    }

    private static String queryRow(String q, SearchIndex index, String name, List<Double> all) {
        for (int i = 0; i < 20; i++) {
            index.search(q, 10);
        }
        List<Double> ms = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < 50; i++) {
            long t0 = System.nanoTime();
            hits = index.search(q, 10).hits().size();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        all.addAll(ms);
        return String.format(Locale.ROOT, "| `%s` | %s | %d | %.2f | %.2f |%n", q, name, hits, pct(ms, 50), pct(ms, 95));
    }

    private static double pct(List<Double> v, int p) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
