package org.deepdrill.demo.applied;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainingDataDemoTest {
    private static final String ID = PretrainingDataDemo.ID;
    private final PretrainingDataDemo demo = new PretrainingDataDemo();

    @Test
    void quickRunShowsBothParts() {
        DemoResult r = DemoTestSupport.quick(ID);
        assertEquals(DedupScan.BINS, r.table("bins").orElseThrow().rows().size());
        assertTrue(r.chart("s-curve").orElseThrow().series("1 − (1 − s^r)^b").isPresent());
        for (String name : Memorisation.NAMES) {
            assertTrue(r.chart("training").orElseThrow().series(name).isPresent(), name);
        }
    }

    @Test
    void jaccardIsExactOnSmallSets() {
        long[] a = {1, 2, 3, 4};
        long[] b = {3, 4, 5};
        assertEquals(2.0 / 5, MinHash.jaccard(a, b), 1e-12);
        assertEquals(1, MinHash.jaccard(a, a), 1e-12);
    }

    @Test
    void mulModMatchesBigIntegerArithmetic() {
        Random rnd = new Random(3);
        java.math.BigInteger p = java.math.BigInteger.valueOf(MinHash.PRIME);
        for (int i = 0; i < 1000; i++) {
            long x = Math.floorMod(rnd.nextLong(), MinHash.PRIME);
            long y = Math.floorMod(rnd.nextLong(), MinHash.PRIME);
            long want = java.math.BigInteger.valueOf(x).multiply(java.math.BigInteger.valueOf(y)).mod(p).longValue();
            assertEquals(want, MinHash.mulMod(x, y));
        }
    }

    @Test
    void sharedShinglesCountTheIntersection() {
        List<long[]> sets = List.of(new long[] {1, 2, 3}, new long[] {2, 3, 4}, new long[] {9});
        int[] shared = DedupScan.sharedShingles(sets);
        assertEquals(2, shared[1]);
        assertEquals(0, shared[2]);
        assertEquals(0, shared[3 + 2]);
    }

    @Test
    void deduplicationKeepsOneCopyOfEachRepeat() {
        Random rnd = new Random(5);
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int[] d = new int[32];
            for (int t = 0; t < d.length; t++) {
                d[t] = rnd.nextInt(64);
            }
            for (int k = 0; k < 1 + i % 3; k++) {
                docs.add(d);
            }
        }
        assertEquals(20, DedupScan.deduplicate(docs, 4, 120, 20, 6, 9).size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] TRUE_J = {0.1, 0.5, 0.9};
    private static final double[] EST = {0.12, 0.48, 0.92};
    private static final double[] EST_FEW = {0.16, 0.44, 0.96};
    private static final double[] PAIRS = {1000, 20, 20};
    private static final double[] FLAGGED = {0, 8, 20};
    private static final double[] EXPECTED = {0.1, 9, 19.8};
    private static final double[] VARIANCE = {0.1, 4, 0.2};
    private static final double[] LOSS = {3.3, 2.7, 1.3, 3.5};

    private static PretrainingDataDemo.Run run(double[] est, double[] estFew, double[] flagged, int highFound,
                                               int lowFlagged, double[] loss) {
        return new PretrainingDataDemo.Run(400, 79_800, 120, 15, 20, 6, TRUE_J, est, estFew, PAIRS, flagged, EXPECTED,
                VARIANCE, 60, highFound, 60, lowFlagged, 20, 100, false, loss, 3.1, 2304, 2304, new double[] {1},
                new double[] {4}, new double[4][1]);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(EST, EST_FEW, FLAGGED, 60, 0, LOSS));
        assertEquals(7, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // estimates off by 0.1 on average
        assertJudged(demo.judge(run(new double[] {0.2, 0.4, 0.8}, new double[] {0.4, 0.2, 0.6}, FLAGGED, 60, 0, LOSS)),
                "estimate-error", false);
        // a few hashes as good as many: the error does not shrink
        assertJudged(demo.judge(run(EST, EST, FLAGGED, 60, 0, LOSS)), "error-shrinks-root-k", false);
        // shrinking like 1/k instead of 1/√k
        assertJudged(demo.judge(run(EST, new double[] {0.26, 0.34, 1.06}, FLAGGED, 60, 0, LOSS)), "error-shrinks-root-k", false);
        // the middle bin flagged far more often than the formula says
        assertJudged(demo.judge(run(EST, EST_FEW, new double[] {0, 19, 20}, 60, 0, LOSS)), "s-curve-matches", false);
        // a handful of spurious flags where the formula expects none
        assertJudged(demo.judge(run(EST, EST_FEW, new double[] {6, 8, 20}, 60, 0, LOSS)), "s-curve-matches", false);
        assertJudged(demo.judge(run(EST, EST_FEW, FLAGGED, 50, 0, LOSS)), "near-duplicates-found", false);
        assertJudged(demo.judge(run(EST, EST_FEW, FLAGGED, 60, 6, LOSS)), "dissimilar-rarely-flagged", false);
        // repeats no better than unique sequences
        assertJudged(demo.judge(run(EST, EST_FEW, FLAGGED, 60, 0, new double[] {3.3, 3.2, 3.1, 3.5})), "repeats-memorised", false);
        // 16× memorised, but 4× no better than once
        assertJudged(demo.judge(run(EST, EST_FEW, FLAGGED, 60, 0, new double[] {3.3, 3.25, 1.3, 3.5})),
                "loss-falls-with-repeats", false);
    }
}
