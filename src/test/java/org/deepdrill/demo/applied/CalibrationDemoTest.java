package org.deepdrill.demo.applied;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationDemoTest {
    private static final String ID = CalibrationDemo.ID;
    private final CalibrationDemo demo = new CalibrationDemo();

    @Test
    void quickRunDrawsTheReliabilityDiagramAndPassAtK() {
        DemoResult r = DemoTestSupport.quick(ID);
        assertTrue(r.chart("reliability").orElseThrow().series("perfect calibration").isPresent());
        assertEquals(10, r.chart("pass-at-k").orElseThrow().series("exact").orElseThrow().size());
        assertEquals(15, r.table("bins").orElseThrow().rows().size());
    }

    // --- the numerics, against values worked by hand ------------------------------------

    @Test
    void passAtKMatchesTheBinomialRatio() {
        assertEquals(0.5, Calibration.passAtK(4, 1, 2), 1e-12); // 1 − C(3,2)/C(4,2)
        assertEquals(1.0, Calibration.passAtK(10, 9, 2), 1e-12); // fewer than k failures: some pick is right
        assertEquals(0.3, Calibration.passAtK(10, 3, 1), 1e-12); // k = 1 is c/n
        assertEquals(0.3, Calibration.naivePassAtK(10, 3, 1), 1e-12);
        assertEquals(0.4375, Calibration.naivePassAtK(4, 1, 2), 1e-12);
    }

    @Test
    void eceOfTwoBinsWorkedByHand() {
        double[][] bins = {{60, 0.9, 0.75}, {40, 0.6, 0.65}};
        assertEquals(0.11, Calibration.ece(bins), 1e-12);
    }

    @Test
    void temperatureFitRecoversAKnownScale() {
        // Labels drawn from softmax(z); logits shown to the fit are 3·z, so the best T is close to 3.
        Random rnd = new Random(4);
        int n = 4000;
        double[][] shown = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[] p = Calibration.softmax(new double[][] {z}, 1)[0];
            double u = rnd.nextDouble();
            y[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            for (int c = 0; c < 3; c++) {
                shown[i][c] = 3 * z[c];
            }
        }
        assertEquals(3, Calibration.fitTemperature(shown, y), 0.3);
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static double[][] bins(double conf, double acc) {
        double[][] b = new double[15][3];
        b[14] = new double[] {100, conf, acc};
        return b;
    }

    private static CalibrationDemo.Run run(double confBefore, double eceBefore, double eceAfter, double reported, double naive) {
        double[] exact = new double[10];
        double[] rep = new double[10];
        double[] se = new double[10];
        double[] nv = new double[10];
        java.util.Arrays.fill(exact, 0.8);
        java.util.Arrays.fill(rep, reported);
        java.util.Arrays.fill(se, 0.001);
        java.util.Arrays.fill(nv, naive);
        return new CalibrationDemo.Run(2, 1, bins(confBefore, 0.75), bins(0.77, 0.75), eceBefore, eceAfter, 1.2, 0.6, 10, 100,
                exact, rep, se, nv, new double[] {1}, new double[] {1}, new double[] {1});
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.97, 0.2, 0.03, 0.8015, 0.76));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.8, 0.2, 0.03, 0.8015, 0.76)), "overconfident", false);
        assertJudged(demo.judge(run(0.97, 0.2, 0.1, 0.8015, 0.76)), "scaling-fixes-ece", false);
        assertJudged(demo.judge(run(0.97, 0.5, 0.08, 0.8015, 0.76)), "calibrated-after", false);
        assertJudged(demo.judge(run(0.97, 0.2, 0.03, 0.76, 0.76)), "pass-at-k-unbiased", false);
        assertEquals(4, demo.judge(run(0.97, 0.2, 0.03, 0.8015, 0.76)).size());
    }
}
