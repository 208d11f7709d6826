package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointDemoTest {
    private static final String ID = CheckpointDemo.ID;
    private final CheckpointDemo demo = new CheckpointDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        var mem = r.chart("memory").orElseThrow();
        double[] held = mem.series("checkpointed (measured)").orElseThrow().y();
        assertEquals(5, held.length, "k = 1, 2, 4, 8, 16 for n = 16");
        assertTrue(held[4] > 2 * held[2], "one segment of 16 holds far more than segments of 4");
        assertEquals(5, r.table("segments").orElseThrow().rows().size());
    }

    // --- the judge, on hand-made records (n = 16, |x| = 1, |block| = 15) ---------------------

    private static final double[] K = {1, 2, 4, 8, 16};

    private static CheckpointDemo.Run run(double[] peak, double[] forwards, double gradDiff) {
        return new CheckpointDemo.Run(16, K, peak, forwards, new double[] {12, 11, 10, 10, 10}, 240, 16, 8, 1,
                gradDiff, 2, 1.3);
    }

    /** Peaks as (n/k)·1 + k·15 plus a little overhead, each block run twice. */
    private static CheckpointDemo.Run truthful() {
        return run(new double[] {33, 40, 66, 124, 244}, new double[] {32, 32, 32, 32, 32}, 0);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(6, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
        // n = 4: √(n·|x|/|block|) ≈ 0.5 lies below the shortest segment, so k = 1 is the optimum
        CheckpointDemo.Run small = new CheckpointDemo.Run(4, new double[] {1, 2, 4}, new double[] {21, 33, 62},
                new double[] {8, 8, 8}, new double[] {3, 3, 3}, 60, 4, 2.5, 1, 0, 1, 1.3);
        assertJudged(demo.judge(small), "best-k", true);
    }

    @Test
    void judgeFailsFalseMeasurements() {
        CheckpointDemo.Run t = truthful();
        // gradients that differ from the plain backward
        assertJudged(demo.judge(run(t.peakBytes(), t.blockForwards(), 1e-3)), "same-gradients", false);
        // every activation kept: the peak above plain at every k
        CheckpointDemo.Run kept = run(new double[] {250, 260, 280, 320, 400}, t.blockForwards(), 0);
        assertJudged(demo.judge(kept), "memory-drops", false);
        assertJudged(demo.judge(kept), "memory-model", false);
        // a peak half of what the model says (something the model does not count was freed, or not measured)
        assertJudged(demo.judge(run(new double[] {33, 40, 30, 124, 244}, t.blockForwards(), 0)), "memory-model", false);
        // the optimum at k = 8, three binades from k* ≈ 1
        assertJudged(demo.judge(run(new double[] {90, 80, 66, 60, 244}, t.blockForwards(), 0)), "best-k", false);
        // quadratic recomputation from the input
        assertJudged(demo.judge(run(t.peakBytes(), new double[] {152, 88, 56, 40, 32}, 0)), "one-extra-forward", false);
        // a second backward pass costs 2×
        assertJudged(demo.judge(new CheckpointDemo.Run(16, K, t.peakBytes(), t.blockForwards(), t.ms(), 240, 16, 8, 1,
                0, 2, 2.1)), "time-overhead", false);
    }
}
