package org.deepdrill.demo.attention;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Agreement;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Fp16;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Masking;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Planted;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Run;
import org.deepdrill.demo.attention.MultiHeadAttentionDemo.Speed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiHeadAttentionDemoTest {
    private static final String ID = MultiHeadAttentionDemo.ID;
    private final MultiHeadAttentionDemo demo = new MultiHeadAttentionDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(ID));
    }

    @Test
    void plantedHeadsAreDrawn() {
        DemoResult r = DemoTestSupport.quick(ID);
        Heatmap head = r.heatmap("head-2").orElseThrow();
        assertEquals(12, head.rows());
        assertTrue(head.values()[5][4] > 0.95, "previous-token head attends to i-1");
    }

    @Test
    void embedNotDivisibleByHeadsIsABadParameter() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("embed", "30", "heads", "4")));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[][] MASK = {{1, 0}, {1, 1}};

    private static Run run(Agreement a, Masking m, double planted, Fp16 f) {
        return new Run(4, 16, 64, 4, a, m, new Planted(planted, new double[][][] {MASK, MASK, MASK, MASK}),
                new Speed(1, 30, 2, 20, 500), f);
    }

    private static final Agreement AGREE = new Agreement(1e-7, 2e-7, 3e-7);
    private static final Masking MASKS = new Masking(0, 0, 0, 5, MASK, MASK);
    private static final Fp16 FP16 = new Fp16(Double.NEGATIVE_INFINITY, -65504, 0, 8, 5e-4);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(AGREE, MASKS, 0.999, FP16));
        assertEquals(9, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new Agreement(0.3, 2e-7, 3e-7), MASKS, 0.999, FP16)), "matches-djl", false);
        assertJudged(demo.judge(run(new Agreement(1e-7, 0.3, 3e-7), MASKS, 0.999, FP16)), "padded-matches-djl", false);
        assertJudged(demo.judge(run(new Agreement(1e-7, 2e-7, 0.3), MASKS, 0.999, FP16)), "loop-matches", false);
        assertJudged(demo.judge(run(AGREE, new Masking(0, 0.2, 0, 5, MASK, MASK), 0.999, FP16)), "padding-no-leak", false);
        assertJudged(demo.judge(run(AGREE, new Masking(0, 0, 0.4, 5, MASK, MASK), 0.999, FP16)), "causal-past-unchanged", false);
        assertJudged(demo.judge(run(AGREE, new Masking(0, 0, 0, 0, MASK, MASK), 0.999, FP16)), "causal-future-changes", false);
        assertJudged(demo.judge(run(AGREE, MASKS, 0.5, FP16)), "planted-heads", false);
        assertJudged(demo.judge(run(AGREE, MASKS, 0.999, new Fp16(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                128, 8, 5e-4))), "fp16-all-masked-row-finite", false);
        Run slow = new Run(4, 16, 64, 4, AGREE, MASKS, new Planted(0.999, new double[][][] {MASK, MASK, MASK, MASK}),
                new Speed(10, 11, 2, 20, 500), FP16);
        Claim timing = assertJudged(demo.judge(slow), "batched-faster", false);
        assertTrue(timing.isTiming());
    }
}
