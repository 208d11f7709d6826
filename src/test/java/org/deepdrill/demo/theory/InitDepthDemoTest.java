package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitDepthDemoTest {
    @Test
    void quickRunShowsHeReluStableAndBadScalingVanishing() {
        DemoResult r = DemoTestSupport.quick(InitDepthDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);

        Chart fwd = r.chart("forward").orElseThrow();
        assertTrue(fwd.logY());
        assertEquals(6, fwd.series().size());
        Series he = fwd.series("He + relu").orElseThrow();
        Series bad = fwd.series("bad + relu").orElseThrow();
        assertEquals(50, he.size());
        assertTrue(bad.y()[49] < 1e-50 * bad.y()[0], "σ = 0.01 vanishes by tens of orders of magnitude");
        assertEquals(6, r.chart("backward").orElseThrow().series().size());
        assertEquals(6, r.table("summary").orElseThrow().rows().size());
    }

    @Test
    void theCornersOfTheParameterRangesKeepEveryClaim() {
        // mildest bad init (largest n·σ², fewest layers) and harshest (smallest n·σ², most layers: float64 limits)
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(InitDepthDemo.ID,
                Map.of("badStd", "0.01", "depth", "10", "width", "1024")));
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(InitDepthDemo.ID,
                Map.of("badStd", "0.001", "depth", "50", "width", "256")));
    }

    @Test
    void aStdNearTheCriticalValueIsRefused() {
        assertThrows(org.deepdrill.demo.ParamException.class,
                () -> DemoTestSupport.quick(InitDepthDemo.ID, Map.of("badStd", "0.088")));
    }

    @Test
    void hugeNetworkIsRefusedWithAMemoryEstimate() {
        org.deepdrill.demo.ParamException e = assertThrows(org.deepdrill.demo.ParamException.class,
                () -> DemoTestSupport.quick(InitDepthDemo.ID, Map.of("depth", "50", "width", "1024", "batch", "2048")));
        assertTrue(e.getMessage().contains("GB") && e.getMessage().contains("'depth'"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final int L = 10;

    /** Variance per layer that grows by {@code gain} at every layer. */
    private static double[] geometric(double first, double gain) {
        double[] v = new double[L];
        for (int l = 0; l < L; l++) {
            v[l] = first * Math.pow(gain, l);
        }
        return v;
    }

    /** width 256, bad std 0.01: predicted ReLU gain n·σ²/2 = 0.0128. */
    private static InitDepthDemo.Run run(double[] heFwd, double[] heBwd, double[] xavierRelu, double[] badRelu,
                                         double[] badTanh, double[] badBwd) {
        double[] layers = new double[L];
        for (int l = 0; l < L; l++) {
            layers[l] = l + 1;
        }
        double[] flat = geometric(1, 1);
        double[][][] fwd = {{flat, flat, badTanh}, {xavierRelu, heFwd, badRelu}};
        double[][][] bwd = {{flat, flat, flat}, {flat, heBwd, badBwd}};
        return new InitDepthDemo.Run(256, new double[] {1 / 16.0, Math.sqrt(2) / 16, 0.01}, layers, fwd, bwd);
    }

    private static InitDepthDemo.Run truthful() {
        return run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 0.5), geometric(1, 0.0128), geometric(1, 0.02),
                geometric(1e-20, 1 / 0.0128));
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        java.util.List<org.deepdrill.demo.Claim> claims = new InitDepthDemo().judge(truthful());
        assertTrue(claims.stream().allMatch(org.deepdrill.demo.Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        InitDepthDemo demo = new InitDepthDemo();
        InitDepthDemo.Run t = truthful();
        double[] up = geometric(1, 0.0128);
        double[] badBwd = geometric(1e-20, 1 / 0.0128);
        assertJudged(demo.judge(run(geometric(1, 0.5), geometric(1, 0.98), geometric(1, 0.5), up, geometric(1, 0.02), badBwd)),
                "he-forward-stable", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.5), geometric(1, 0.5), up, geometric(1, 0.02), badBwd)),
                "he-backward-stable", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 1), up, geometric(1, 0.02), badBwd)),
                "xavier-relu-halves", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 0.5), geometric(1, 0.05),
                geometric(1, 0.02), badBwd)), "gain-formula", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 0.5), geometric(1, 0.5),
                geometric(1, 0.02), badBwd)), "bad-init-vanishes", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 0.5), up, geometric(1, 0.9), badBwd)),
                "bad-init-vanishes-tanh", false);
        assertJudged(demo.judge(run(geometric(1, 1.02), geometric(1, 0.98), geometric(1, 0.5), up, geometric(1, 0.02),
                geometric(1, 1.1))), "bad-init-gradient", false);
    }
}
