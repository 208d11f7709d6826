package org.deepdrill.demo.attention;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InContextLearningDemoTest {
    private static final String ID = InContextLearningDemo.ID;
    private final InContextLearningDemo demo = new InContextLearningDemo();

    // --- the baselines, on prompts whose answer is known --------------------------------

    @Test
    void leastSquaresRecoversANoiselessTaskOnceNReachesD() {
        IclPrompts p = IclPrompts.draw(20, 9, 4, 0, null, new Random(3));
        double[] ls = IclBaselines.ridge(p, 0);
        for (int n = 4; n < 9; n++) {
            assertTrue(ls[n] < 1e-8, "n = " + n + ": " + ls[n]);
        }
        assertTrue(ls[2] > 0.1, "two examples cannot pin down w in four dimensions");
    }

    @Test
    void minimumNormFitInterpolatesTheContext() {
        IclPrompts p = IclPrompts.draw(1, 4, 4, 0.5, null, new Random(5));
        double[] w = IclBaselines.fit(p, 0, 2, 0);
        for (int j = 0; j < 2; j++) {
            double pred = 0;
            for (int k = 0; k < 4; k++) {
                pred += w[k] * p.x()[j * 4 + k];
            }
            assertEquals(p.y()[j], pred, 1e-5);
        }
    }

    @Test
    void nearestNeighbourCopiesTheClosestLabel() {
        float[] x = {0, 0, 5, 5, 0.1f, 0.1f};
        float[] y = {1, 7, 0};
        IclPrompts p = new IclPrompts(1, 3, 2, x, y, y, y);
        assertEquals(1.0, IclBaselines.nearestNeighbour(p)[2], 1e-12, "predicts 1 for target 0");
    }

    @Test
    void shufflingKeepsTheLabelsButNotTheirPairing() {
        IclPrompts p = IclPrompts.draw(50, 10, 3, 0.1, null, new Random(7));
        IclPrompts s = p.shuffledLabels(new Random(8));
        double sumBefore = 0;
        double sumAfter = 0;
        int moved = 0;
        for (int i = 0; i < p.y().length; i++) {
            sumBefore += p.y()[i];
            sumAfter += s.y()[i];
            moved += p.y()[i] != s.y()[i] ? 1 : 0;
        }
        assertEquals(sumBefore, sumAfter, 1e-3);
        assertTrue(moved > p.y().length / 2);
        assertEquals(p.target(), s.target());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static double[] curve(double... v) {
        return v;
    }

    /** n = 0..9 with d = 2: an honest run, then each claim made false in turn. */
    private static InContextLearningDemo.Run record(double[] transformer, double[] ls) {
        double[] n = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] nn = curve(2.2, 4, 3, 2.6, 2.4, 2.2, 2.1, 2, 1.9, 1.8);
        double[] zero = curve(2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2);
        return new InContextLearningDemo.Run(2, 0.5, n, transformer, ls, ls, nn, zero, transformer, new double[] {3, 2},
                1000, 0);
    }

    private static final double[] LS = curve(2.2, 2.4, 90, 0.9, 0.6, 0.5, 0.45, 0.4, 0.37, 0.35);
    private static final double[] GOOD = curve(2.2, 2.0, 1.3, 1.0, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(record(GOOD, LS));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // the context barely helps
        assertJudged(demo.judge(record(curve(2.2, 2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3, 1.2), LS)),
                "error-falls-with-context", false);
        // no better than copying the nearest label
        assertJudged(demo.judge(record(curve(2.2, 2.0, 1.3, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.95), LS)),
                "beats-nearest-neighbour", false);
        // halfway between least squares and the nearest neighbour at n = 2d
        assertJudged(demo.judge(record(curve(2.2, 2.0, 1.3, 1.0, 1.5, 0.7, 0.6, 0.55, 0.5, 0.45), LS)),
                "tracks-least-squares", false);
        // least squares no better than the nearest neighbour: "nearer least squares" cannot be judged, so it fails
        double[] badLs = curve(2.2, 2.4, 90, 0.9, 3, 3, 3, 3, 3, 3);
        assertJudged(demo.judge(record(GOOD, badLs)), "tracks-least-squares", false);
        // as bad as least squares where it peaks
        assertJudged(demo.judge(record(curve(2.2, 2.0, 80, 1.0, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45), LS)),
                "no-peak-at-d", false);
    }
}
