package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniversalApproximationDemoTest {
    @Test
    void quickRunErrorFallsWithWidthButExtrapolationFails() {
        DemoResult r = DemoTestSupport.quick(UniversalApproximationDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "width-buys-accuracy");
        DemoTestSupport.assertClaimHolds(r, "no-extrapolation");

        Chart err = r.chart("error-vs-width").orElseThrow();
        Series test = err.series("test inside [-1, 1]").orElseThrow();
        assertEquals(7, test.size()); // widths 1..64
        assertEquals(64.0, test.x()[6]);
        Chart fits = r.chart("fits").orElseThrow();
        assertEquals(5, fits.series().size()); // target + four widths
        assertEquals(7, r.chart("training").orElseThrow().series().size());
    }

    @Test
    void widthMustBeAPowerOfTwo() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(UniversalApproximationDemo.ID, Map.of("maxWidth", "48")));
        assertTrue(e.getMessage().contains("maxWidth"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] W = {1, 2, 4, 8, 16, 32, 64};

    private static UniversalApproximationDemo.Run run(double[] inside, double[] outside, double[] construction) {
        return new UniversalApproximationDemo.Run("sines", "tanh", 100, 1, W, inside, inside, outside, construction,
                new double[] {0}, new double[W.length][1]);
    }

    private static double[] power(double c, double p) {
        double[] v = new double[W.length];
        for (int i = 0; i < W.length; i++) {
            v[i] = c * Math.pow(W[i], p);
        }
        return v;
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        java.util.List<org.deepdrill.demo.Claim> claims = new UniversalApproximationDemo().judge(
                run(power(0.9, -2), power(50, 0), power(1, -4)));
        assertTrue(claims.stream().allMatch(org.deepdrill.demo.Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        UniversalApproximationDemo demo = new UniversalApproximationDemo();
        double[] flat = power(0.5, 0);
        assertJudged(demo.judge(run(flat, power(50, 0), power(1, -4))), "width-buys-accuracy", false);
        assertJudged(demo.judge(run(power(0.9, -0.5), power(50, 0), power(1, -4))), "widest-fits", false);
        assertJudged(demo.judge(run(power(0.9, -0.5), power(50, 0), power(1, -4))), "error-falls-with-width", false);
        assertEquals(4, demo.judge(run(power(0.9, -2), power(50, 0), power(1, -4))).size());
        assertJudged(demo.judge(run(power(0.9, -2), power(0.9, -2), power(1, -4))), "no-extrapolation", false);
    }
}
