package org.deepdrill.demo.attention;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionScalingDemoTest {
    private static final String ID = AttentionScalingDemo.ID;
    private final AttentionScalingDemo demo = new AttentionScalingDemo();

    @Test
    void quickRunCoversPowersOfTwo() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Series raw = r.chart("variance").orElseThrow().series("unscaled").orElseThrow();
        assertEquals(7, raw.size(), "d_k = 4..256 in quick mode");
    }

    @Test
    void sigmaEntersToTheFourthPower() {
        DemoResult r = DemoTestSupport.quick(ID, Map.of("sigma", "2", "maxDk", "256"));
        Series raw = r.chart("variance").orElseThrow().series("unscaled").orElseThrow();
        double ratio = raw.y()[raw.size() - 1] / (256 * 16.0); // the last point is d_k = 256
        assertTrue(Math.abs(ratio - 1) < 0.15, "Var(q·k) ≈ d_k·σ⁴, got ratio " + ratio);
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] DK = {4, 16, 64, 256};
    private static final double[] ONES = {1, 1, 1, 1};

    private static AttentionScalingDemo.Run run(double[] varRaw, double[] varQK, double[] maxPRaw, double[] entScaled,
                                                double[] gradScaled) {
        return new AttentionScalingDemo.Run(1, 32, DK, varRaw, ONES, varQK, maxPRaw, new double[] {0.2, 0.2, 0.2, 0.2},
                new double[] {3, 2, 1, 0.3}, entScaled, new double[] {0.1, 0.05, 0.01, 0.001}, gradScaled);
    }

    /** A world that behaves as the answer says. */
    private static AttentionScalingDemo.Run truthful() {
        return run(new double[] {4, 16, 64, 256}, ONES, new double[] {0.4, 0.6, 0.8, 0.95}, new double[] {3, 3, 3, 3},
                new double[] {0.1, 0.1, 0.1, 0.1});
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        AttentionScalingDemo.Run t = truthful();
        // variance that does not grow with d_k
        assertJudged(demo.judge(run(new double[] {4, 4, 4, 4}, t.varQK(), t.maxPRaw(), t.entScaled(), t.gradScaled())),
                "raw-slope", false);
        // variance at 64 twice what the measured entry variances predict
        assertJudged(demo.judge(run(new double[] {8, 32, 128, 512}, t.varQK(), t.maxPRaw(), t.entScaled(), t.gradScaled())),
                "variance-at-64", false);
        // scaled softmax that collapses towards one-hot as d_k grows (ln 32 ≈ 3.47)
        assertJudged(demo.judge(run(t.varRaw(), t.varQK(), t.maxPRaw(), new double[] {3, 2, 1, 0.3}, t.gradScaled())),
                "sharpness-kept", false);
        // scaled softmax that flattens towards uniform as d_k grows
        assertJudged(demo.judge(run(t.varRaw(), t.varQK(), t.maxPRaw(), new double[] {3, 3.3, 3.4, 3.46}, t.gradScaled())),
                "sharpness-kept", false);
        // softmax that never saturates
        assertJudged(demo.judge(run(t.varRaw(), t.varQK(), new double[] {0.2, 0.2, 0.2, 0.2}, t.entScaled(),
                t.gradScaled())), "raw-saturates", false);
        // scaling that does not help the gradient
        assertJudged(demo.judge(run(t.varRaw(), t.varQK(), t.maxPRaw(), t.entScaled(), t.gradRaw())), "gradient-kept", false);
    }
}
