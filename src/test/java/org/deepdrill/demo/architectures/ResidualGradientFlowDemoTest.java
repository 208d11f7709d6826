package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Chart;
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

class ResidualGradientFlowDemoTest {
    private static final String ID = ResidualGradientFlowDemo.ID;
    private final ResidualGradientFlowDemo demo = new ResidualGradientFlowDemo();

    @Test
    void quickRunShowsEveryLayerOfEveryStack() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        int depth = Integer.parseInt(r.params().get("depth"));
        int steps = Integer.parseInt(r.params().get("steps"));
        Chart init = r.chart("grad-init").orElseThrow();
        assertEquals(4, init.series().size());
        assertEquals(depth + 1, init.series("plain").orElseThrow().size(), "stem + depth conv layers");
        assertEquals(depth + 1, init.series("residual").orElseThrow().size());
        assertEquals(steps, r.chart("loss").orElseThrow().series("dense").orElseThrow().size());
        assertEquals(depth, r.chart("highway-gates").orElseThrow().series("at init").orElseThrow().size());
        assertEquals(4, r.table("stacks").orElseThrow().rows().size());
    }

    @Test
    void depthMustBeAMultipleOfFour() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("depth", "30")));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final int DEPTH = 32;

    /** First-layer gradient at init per stack (plain, residual, dense, highway) and a flat tail loss per stack. */
    private static ResidualGradientFlowDemo.Run run(int depth, double[] firstGrad, double[] loss) {
        int n = firstGrad.length;
        double[][] grad = new double[n][];
        double[][] losses = new double[n][];
        for (int k = 0; k < n; k++) {
            grad[k] = new double[] {firstGrad[k], 1};
            losses[k] = new double[] {2, 2, 2, 2, loss[k]};
        }
        return new ResidualGradientFlowDemo.Run(depth, grad, grad, losses, new double[n], new double[n], new double[n],
                new double[] {0.1}, new double[] {0.2});
    }

    private static final double[] GRAD = {1e-8, 1e-3, 1e-2, 1e-3};
    private static final double[] LOSS = {2.0, 0.5, 0.6, 1.0};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(DEPTH, GRAD, LOSS));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(DEPTH, new double[] {1e-5, 1e-4, 1e-2, 1e-3}, LOSS)), "first-layer-gradient", false);
        assertJudged(demo.judge(run(DEPTH, new double[] {1e-5, 1e-3, 1e-2, 1e-4}, LOSS)), "highway-gradient", false);
        assertJudged(demo.judge(run(DEPTH, GRAD, new double[] {2.0, 1.75, 0.6, 1.0})), "residual-trains", false);
        assertJudged(demo.judge(run(DEPTH, new double[] {1e-5, 1e-3, 1e-4, 1e-3}, LOSS)), "dense-gradient", false);
    }

    @Test
    void claimsNeedADeepStack() {
        List<Claim> claims = demo.judge(run(8, GRAD, LOSS));
        assertTrue(claims.isEmpty(), claims.toString());
    }
}
