package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCacheDemoTest {
    private static final String ID = KvCacheDemo.ID;
    private final KvCacheDemo demo = new KvCacheDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        var time = r.chart("time").orElseThrow();
        assertEquals(32, time.series("KV cache").orElseThrow().size());
        assertEquals(32, time.series("recompute the prefix").orElseThrow().size());
        double[] kib = r.chart("memory").orElseThrow().series("measured").orElseThrow().y();
        assertTrue(kib[31] > kib[1], "the cache grows with the sequence");
        assertEquals(3, r.table("real").orElseThrow().rows().size());
    }

    @Test
    void embedMustDivideByHeads() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("embed", "100", "heads", "3")));
    }

    // --- the judge, on hand-made records: L = 2, B = 4, E = 64, 4 tokens after a prompt of 8 -------------

    private static final double[] LEN = {8, 9, 10, 11};
    private static final double PER_POSITION = 2.0 * 2 * 4 * 64 * 4;

    private static KvCacheDemo.Run run(double[] macsCache, double[] bytes, int same, double diff, double[] msCache) {
        return new KvCacheDemo.Run(2, 4, 64, LEN, new double[] {8, 9, 10, 11}, msCache,
                new double[] {800, 900, 1000, 1100}, macsCache, bytes, same, diff);
    }

    private static double[] bytes(double factor) {
        double[] b = new double[LEN.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = factor * PER_POSITION * LEN[i];
        }
        return b;
    }

    private static KvCacheDemo.Run truthful() {
        return run(new double[] {800, 101, 101, 102}, bytes(1), 4, 3e-7, new double[] {2, 1, 1.01, 1.02});
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(7, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        KvCacheDemo.Run t = truthful();
        double[] ms = t.msCache();
        assertJudged(demo.judge(run(t.macsCache(), t.cacheBytes(), 3, 3e-7, ms)), "same-tokens", false);
        assertJudged(demo.judge(run(t.macsCache(), t.cacheBytes(), 4, 0.3, ms)), "same-logits", false);
        // a "cache" that still runs the whole prefix each step
        assertJudged(demo.judge(run(new double[] {800, 900, 1000, 1100}, t.cacheBytes(), 4, 0, ms)), "work-per-token", false);
        // a cache that keeps old copies alive
        assertJudged(demo.judge(run(t.macsCache(), bytes(1.5), 4, 3e-7, ms)), "cache-bytes", false);
        // no growth without the cache, or as much growth with it
        KvCacheDemo.Run flat = new KvCacheDemo.Run(2, 4, 64, LEN, new double[] {8, 8, 8.01, 8}, ms, t.macsNoCache(),
                t.macsCache(), t.cacheBytes(), 4, 3e-7);
        assertJudged(demo.judge(flat), "no-cache-grows", false);
        assertJudged(demo.judge(run(t.macsCache(), t.cacheBytes(), 4, 3e-7, new double[] {8, 9, 10, 11})),
                "cache-flattens", false);
        assertJudged(demo.judge(run(t.macsCache(), t.cacheBytes(), 4, 3e-7, new double[] {8, 9, 10, 11})),
                "speed-up", false);
    }
}
