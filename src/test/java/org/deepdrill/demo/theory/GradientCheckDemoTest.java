package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckDemoTest {
    private static final String ID = GradientCheckDemo.ID;
    private final GradientCheckDemo demo = new GradientCheckDemo();

    @Test
    void quickRunShowsTheVShape() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart c = r.chart("error-vs-h").orElseThrow();
        assertTrue(c.logX() && c.logY());
        Series f64 = c.series("float64").orElseThrow();
        assertEquals(13, f64.size());
        double min = java.util.Arrays.stream(f64.y()).min().orElseThrow();
        assertTrue(f64.y()[0] > 100 * min && f64.y()[f64.size() - 1] > 100 * min, "both arms of the V rise");
        assertEquals(6, r.table("per-tensor").orElseThrow().rows().size());
        assertEquals(6, r.heatmap("tensor-by-h").orElseThrow().rows());
    }

    @Test
    void otherActivationsCheckOutAndReluMakesNoTruncationClaim() {
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(ID, Map.of("activation", "softplus")));
        DemoResult relu = DemoTestSupport.quick(ID, Map.of("activation", "relu"));
        assertFalse(relu.claim("truncation-slope").isPresent());
        DemoTestSupport.assertClaimHolds(relu, "manual-equals-autograd");
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] H = Num.logSpace(-1, -13, 13);

    /** Errors of a textbook V: c·h² on the right, ε/h on the left, bottom near 1e-5. */
    private static double[] vShape(double c, double eps) {
        double[] e = new double[H.length];
        for (int i = 0; i < H.length; i++) {
            e[i] = c * H[i] * H[i] + eps / H[i];
        }
        return e;
    }

    private static GradientCheckDemo.Run run(double[] autoErr, double[] bugErr, double[] err64, double[] err32) {
        double[] six = {1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16};
        return new GradientCheckDemo.Run("tanh", true, 100, 1.1, new String[6], new double[6], autoErr, six, bugErr, H,
                err64, err32, new double[6][H.length]);
    }

    private static final double[] AUTO = {1e-9, 1e-9, 1e-10, 1e-10, 1e-10, 1e-10};
    private static final double[] BUG = {0.3, 0.2, 1e-9, 1e-9, 1e-9, 1e-9};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(AUTO, BUG, vShape(1, 1e-16), vShape(1, 1e-7)));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        double[] v64 = vShape(1, 1e-16);
        double[] v32 = vShape(1, 1e-7);
        assertJudged(demo.judge(run(new double[] {1e-3, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9}, BUG, v64, v32)), "autograd-agrees", false);
        assertJudged(demo.judge(run(AUTO, new double[] {1e-8, 1e-8, 1e-9, 1e-9, 1e-9, 1e-9}, v64, v32)), "bug-caught", false);
        assertJudged(demo.judge(run(AUTO, new double[] {0.3, 0.2, 0.1, 1e-9, 1e-9, 1e-9}, v64, v32)), "bug-localised", false);
        // a first-order (one-sided) error curve: c·h + ε/h, whose bottom sits near √ε
        double[] linear = new double[H.length];
        for (int i = 0; i < H.length; i++) {
            linear[i] = H[i] + 1e-16 / H[i];
        }
        assertJudged(demo.judge(run(AUTO, BUG, linear, v32)), "truncation-slope", false);
        assertJudged(demo.judge(run(AUTO, BUG, linear, v32)), "best-step", false);
        // round-off that does not grow as h shrinks
        double[] flat = vShape(1, 0);
        for (int i = 0; i < flat.length; i++) {
            flat[i] = Math.max(flat[i], 1e-12);
        }
        assertJudged(demo.judge(run(AUTO, BUG, flat, v32)), "roundoff-slope", false);
        // float32 as good as float64
        assertJudged(demo.judge(run(AUTO, BUG, v64, v64)), "float32-unfit", false);
        GradientCheckDemo.Run manualOff = new GradientCheckDemo.Run("tanh", true, 100, 1.1, new String[6], new double[6], AUTO,
                new double[] {1e-3, 0, 0, 0, 0, 0}, BUG, H, v64, v32, new double[6][H.length]);
        assertJudged(demo.judge(manualOff), "manual-equals-autograd", false);
    }
}
