package org.deepdrill.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {
    private static Map<String, Object> run(long wall, long firstPoint, double rss) {
        return new LinkedHashMap<>(Map.of("wallMillis", wall, "firstPointMillis", firstPoint, "peakRssMB", rss,
                "peakHeapMB", 10.0, "claims", 2, "claimsHeld", 2L, "metrics", Map.of()));
    }

    private static Map<String, Object> demo(String id, Map<String, Object> run, double nativeGrowth) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("quick", run);
        d.put("default", run);
        d.put("soak", Map.of("runs", 50, "cancelled", 17, "rssGrowthMB", -3.0, "heapGrowthMB", 0.1,
                "nativeGrowthMB", nativeGrowth, "nativeGrowthSecondHalfMB", 0.0, "threadGrowth", 0));
        return d;
    }

    @Test
    void theGlanceTableNamesTheWorstDemoPerBudgetAndMarksMisses() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "bench");
        r.put("date", "2026-11-24");
        r.put("machine", Map.of("model", "test", "cores", 2, "java", "17", "peakGflops", 166.0, "peakFormula", "f"));
        r.put("engine", Map.of("tinyOpMicros", 3.0, "matmulGflops256", 60.0, "matmulGflops1024", 90.0, "matmulGflops2048", 90.0));
        r.put("engineLoadMillis", 400.0);
        r.put("allQuickMillis", 56_000L);
        r.put("demos", List.of(demo("a", run(9_000, 200, 700.0), 0.5), demo("b", run(21_000, 1_200, 1_600.0), 60.0)));
        r.put("fx", Map.of("mode", "default", "date", "d", "demos", List.of(
                Map.of("id", "a", "wallMillis", 9_000, "pulses", 500, "maxGapMs", 80.0, "gapsOver100ms", 0, "longestBuildStepCpuMs", 9.0))));
        String md = BenchReport.markdown(r);
        assertTrue(md.contains("| each demo, default run | ≤ 20,000 ms | 21000 ms (b) | ✗ |"), md);
        assertTrue(md.contains("| first plotted point after Run, engine warm | ≤ 1,000 ms | 1200 ms (b) | ✗ |"), md);
        assertTrue(md.contains("| app memory (RSS) during any demo | ≤ 1,536 MB | 1600 MB (b) | ✗ |"), md);
        assertTrue(md.contains("| FX-thread stalls while a demo runs | none over 100 ms | 0 over 100 ms; longest 80 ms (a) | ✓ |"), md);
        assertTrue(md.contains("| native memory growth over 50 more runs of a demo (2 demos) | < 50 MB | 60 MB (b) | ✗ |"), md);
        assertTrue(md.contains("| all demos, quick mode, one after another | ≤ 180 s | 56 s | ✓ |"), md);
    }
}
