package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraDemoTest {
    private static final String ID = LoraDemo.ID;
    private final LoraDemo demo = new LoraDemo();

    @Test
    void quickRunShowsEveryRankAndMethod() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        assertEquals(LoraDemo.RANKS.length + 1, r.table("methods").orElseThrow().rows().size());
        assertEquals(LoraDemo.RANKS.length, r.chart("error").orElseThrow().series("LoRA").orElseThrow().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] RANKS = {1, 2, 4, 8, 16};
    private static final double[] FORMULA = {296, 592, 1184, 2368, 4736};
    private static final double[] ZERO = new double[5];
    private static final double[] MSE = {0.008, 0.0075, 0.007, 0.0065, 0.006};

    private static LoraDemo.Run run(double[] mse, double[] updated, double[] step0, double[] merge, double[] drift,
                                    double baseB, double full) {
        return new LoraDemo.Run(RANKS, mse, updated, FORMULA, step0, merge, drift, 0.004, baseB, full, 6792,
                new double[][] {{1, 0.5}, {0.2, 0.1}});
    }

    private static LoraDemo.Run truthful() {
        return run(MSE, FORMULA, ZERO, new double[] {5e-7, 5e-7, 5e-7, 5e-7, 5e-7}, ZERO, 0.2, 0.006);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(6, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        LoraDemo.Run t = truthful();
        // B started non-zero: outputs differ at step 0
        assertJudged(demo.judge(run(MSE, FORMULA, new double[] {0, 0, 0.3, 0, 0}, t.mergeDiff(), ZERO, 0.2, 0.006)),
                "step0-identical", false);
        // task B is barely different from A
        assertJudged(demo.judge(run(MSE, FORMULA, ZERO, t.mergeDiff(), ZERO, 0.012, 0.006)), "task-shift", false);
        // rank 1 closes only half the gap
        assertJudged(demo.judge(run(new double[] {0.1, 0.05, 0.02, 0.01, 0.006}, FORMULA, ZERO, t.mergeDiff(), ZERO, 0.2, 0.006)),
                "low-rank-close", false);
        // rank 16 stays twice full fine-tuning's error
        assertJudged(demo.judge(run(new double[] {0.03, 0.02, 0.015, 0.013, 0.012}, FORMULA, ZERO, t.mergeDiff(), ZERO, 0.2, 0.006)),
                "rank-approaches-full", false);
        // merged weights that disagree with the adapter path
        assertJudged(demo.judge(run(MSE, FORMULA, ZERO, new double[] {5e-7, 0.3, 5e-7, 5e-7, 5e-7}, ZERO, 0.2, 0.006)),
                "merge-exact", false);
        // the base moved
        assertJudged(demo.judge(run(MSE, FORMULA, ZERO, t.mergeDiff(), new double[] {0, 0, 1e-3, 0, 0}, 0.2, 0.006)),
                "base-unchanged", false);
    }
}
