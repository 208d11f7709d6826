package org.deepdrill.demo.research;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleDescentDemoTest {
    private static final String ID = DoubleDescentDemo.ID;
    private final DoubleDescentDemo demo = new DoubleDescentDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart c = r.chart("curve").orElseThrow();
        Series minNorm = c.series("min-norm (no ridge)").orElseThrow();
        assertEquals(25, minNorm.size(), "p from n/10 to 10n, 12 steps per decade");
        assertEquals(60, c.series("threshold p = n").orElseThrow().x()[0], 1e-9, "quick n = 60");
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] P = {10, 50, 100, 200, 1000};

    private static DoubleDescentDemo.Run run(double[] test, double[] ridge, double[] norm) {
        return new DoubleDescentDemo.Run(100, 0.5, 0.1, P, test, new double[] {0.5, 0.6, 0.9, 0.5, 0.3}, ridge,
                new double[] {0.3, 0.2, 0, 0, 0}, norm);
    }

    private static final double[] TEST = {0.5, 1, 20, 0.8, 0.2};
    private static final double[] RIDGE = {0.5, 0.5, 0.5, 0.4, 0.3};
    private static final double[] NORM = {1, 3, 100, 5, 2};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(TEST, RIDGE, NORM));
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // the error peaks at p = 2n
        assertJudged(demo.judge(run(new double[] {0.5, 1, 2, 20, 0.2}, RIDGE, NORM)), "peak-at-threshold", false);
        // the coefficient norm keeps growing with p
        assertJudged(demo.judge(run(TEST, RIDGE, new double[] {1, 3, 10, 50, 100})), "norm-peaks", false);
        // no second descent: the error stays high far past the threshold
        assertJudged(demo.judge(run(new double[] {0.5, 1, 20, 15, 10}, RIDGE, NORM)), "second-descent", false);
        // ridge that does not remove the peak
        assertJudged(demo.judge(run(TEST, new double[] {0.5, 0.5, 15, 0.4, 0.3}, NORM)), "ridge-flattens", false);
        // a small model that beats the large one
        assertJudged(demo.judge(run(new double[] {0.1, 1, 20, 0.8, 0.2}, RIDGE, NORM)), "beats-underparameterised", false);
    }
}
