package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.multimodal.CrossAttentionDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossAttentionDemoTest {
    private static final String ID = CrossAttentionDemo.ID;
    private final CrossAttentionDemo demo = new CrossAttentionDemo();

    @Test
    void quickRunNeedsBothModalities() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap map = r.heatmap("cross-attention").orElseThrow();
        assertEquals(9, map.rows());
        assertEquals(9, map.cols());
        for (int i = 0; i < 9; i++) {
            double sum = 0;
            for (double v : map.values()[i]) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-3, "attention rows sum to one");
        }
        assertEquals(5, r.table("fusion").orElseThrow().rows().size());
        assertEquals(5, r.chart("acc").orElseThrow().series().size());
        assertTrue(r.chart("loss").orElseThrow().series().get(0).size() >= 20);
    }

    @Test
    void embedMustBeDivisibleByHeads() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(ID, Map.of("embed", "30", "heads", "4")));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    /** Accuracies in Fusion order: cross-attention, concat, pooled, image only, question only. */
    private static Run run(double main, double concat, double imageOnly, double onTarget) {
        return new Run(250, "cross-attention", main, new double[] {main, concat, 0.26, imageOnly, 0.12},
                new long[5], onTarget, new double[9][9], 0.31, 0.125);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.94, 0.29, 0.21, 0.58));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.5, 0.29, 0.21, 0.58)), "cross-answers", false);
        assertJudged(demo.judge(run(0.94, 0.29, 0.6, 0.58)), "fusion-needs-both", false);
        assertJudged(demo.judge(run(0.94, 0.8, 0.21, 0.58)), "beats-concat", false);
        assertJudged(demo.judge(run(0.94, 0.29, 0.21, 0.15)), "attention-on-target", false);
    }
}
