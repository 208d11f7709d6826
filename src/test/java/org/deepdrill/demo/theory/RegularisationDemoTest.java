package org.deepdrill.demo.theory;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularisationDemoTest {
    private static final String ID = RegularisationDemo.ID;
    private final RegularisationDemo demo = new RegularisationDemo();

    @Test
    void quickRunTracksEveryRegulariser() {
        DemoResult r = DemoTestSupport.quick(ID);
        assertEquals(4, r.table("per-variant").orElseThrow().rows().size());
        for (String name : RegularisationDemo.NAMES) {
            assertTrue(r.chart("train-test").orElseThrow().series(name + ": test").isPresent(), name);
        }
    }

    @Test
    void corruptionAlwaysPicksAnotherClass() {
        int[] y = new int[2000];
        int[] noisy = RegularisationDemo.corrupt(y, 0.3, new Random(5));
        int changed = 0;
        for (int i = 0; i < y.length; i++) {
            if (noisy[i] != y[i]) {
                changed++;
                assertNotEquals(0, noisy[i]);
            }
        }
        assertEquals(0.3, changed / 2000.0, 0.03);
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static RegularisationDemo.Run run(double[] train, double[] test, double[] nll, double onePass, double deployedRms) {
        return new RegularisationDemo.Run(256, 0.3, 0.5, train, test, nll, onePass, deployedRms, 1.0, 0.3, 0,
                new double[] {1}, new double[4][1], new double[4][1]);
    }

    private static final double[] TRAIN = {1.0, 0.78, 1.0, 0.66};
    private static final double[] TEST = {0.66, 0.85, 0.58, 0.9};
    private static final double[] NLL = {1.5, 0.65, 1.1, 0.8};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(TRAIN, TEST, NLL, 0.75, 0.88));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new double[] {0.8, 0.78, 1.0, 0.66}, TEST, NLL, 0.75, 0.88)), "baseline-overfits", false);
        assertJudged(demo.judge(run(new double[] {1.0, 1.0, 1.0, 0.66}, new double[] {0.66, 0.7, 0.58, 0.9}, NLL, 0.75, 0.88)),
                "dropout-narrows-gap", false);
        assertJudged(demo.judge(run(TRAIN, TEST, new double[] {1.5, 0.65, 1.4, 0.8}, 0.75, 0.88)), "smoothing-lowers-nll", false);
        assertJudged(demo.judge(run(new double[] {1.0, 0.78, 1.0, 0.95}, new double[] {0.66, 0.85, 0.58, 0.7}, NLL, 0.75, 0.88)),
                "decay-narrows-gap", false);
        assertJudged(demo.judge(run(TRAIN, TEST, NLL, 0.845, 0.88)), "eval-beats-one-mask", false);
        assertJudged(demo.judge(run(TRAIN, TEST, NLL, 0.75, 3.6)), "eval-scale-matches", false);
        assertJudged(demo.judge(run(TRAIN, TEST, NLL, 0.75, 0.7)), "eval-scale-matches", false);
    }
}
