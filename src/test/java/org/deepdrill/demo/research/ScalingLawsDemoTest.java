package org.deepdrill.demo.research;

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

class ScalingLawsDemoTest {
    private static final String ID = ScalingLawsDemo.ID;
    private final ScalingLawsDemo demo = new ScalingLawsDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart fit = r.chart("fit").orElseThrow();
        assertEquals(11, fit.series("measured").orElseThrow().size(), "widths 4..128 by √2");
        assertEquals(11, r.table("per-width").orElseThrow().rows().size());
        assertTrue(r.chart("training").orElseThrow().series().size() >= 4, "live curves for several widths");
    }

    @Test
    void tooFewStepsAreRejected() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("steps", "10")));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] N = {10, 20, 40, 80, 160};
    private static final double[] W = {2, 4, 8, 16, 32};

    /** L = 1/N + 0.01 with σ = 0.1: a law with its floor at the noise. */
    private static double[] law(double c) {
        double[] l = new double[N.length];
        for (int i = 0; i < N.length; i++) {
            l[i] = 1 / N[i] + c;
        }
        return l;
    }

    private static PowerLaw.Result result(double a, double alpha, double c, double r2) {
        return new PowerLaw.Result(a, alpha, c, 0.05, r2);
    }

    private static ScalingLawsDemo.Run run(double[] loss, PowerLaw.Result fit, double boot, PowerLaw.Result early,
                                           PowerLaw.Result line) {
        return new ScalingLawsDemo.Run(0.1, 3, W, N, loss, fit, boot, early, line);
    }

    private static ScalingLawsDemo.Run truthful() {
        PowerLaw.Result fit = result(1, 1, 0.01, 0.99);
        return run(law(0.01), fit, 0.05, fit, result(1, 1.2, 0, 0.9));
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        ScalingLawsDemo.Run t = truthful();
        // losses that do not fall with size
        assertJudged(demo.judge(run(new double[] {0.02, 0.02, 0.02, 0.019, 0.019}, t.fit(), 0.05, t.early(), t.line())),
                "loss-falls", false);
        // an exponent lost in its uncertainty
        assertJudged(demo.judge(run(t.loss(), t.fit(), 0.5, t.early(), t.line())), "alpha-resolved", false);
        // a floor far from σ²
        assertJudged(demo.judge(run(t.loss(), result(1, 1, 0.003, 0.99), 0.05, t.early(), t.line())), "floor-at-noise", false);
        // an early fit that misses the largest model
        assertJudged(demo.judge(run(t.loss(), t.fit(), 0.05, result(1, 1, 0.02, 0.99), t.line())), "extrapolates", false);
        // a straight line that happens to predict the largest model
        assertJudged(demo.judge(run(t.loss(), t.fit(), 0.05, t.early(), result(1, 1, 0.01, 0.99))),
                "line-over-promises", false);
    }
}
