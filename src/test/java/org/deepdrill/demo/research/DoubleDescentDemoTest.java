package org.deepdrill.demo.research;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import static org.deepdrill.demo.DemoTestSupport.assertAllClaimsHold;
import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleDescentDemoTest {
    @Test
    void quickRunPeaksAtTheThresholdAndRidgeFlattensIt() {
        DemoResult r = DemoTestSupport.quick("double-descent");
        assertAllClaimsHold(r);
        double peak = assertClaimHolds(r, "peaks at the interpolation threshold").measured();
        assertEquals(1.0, peak, 0.25);
        assertClaimHolds(r, "flattens the peak");
        assertClaimHolds(r, "interpolates");
        Chart c = r.chart("curve").orElseThrow();
        Series minNorm = c.series("min-norm (no ridge)").orElseThrow();
        assertEquals(25, minNorm.size(), "p from n/10 to 10n, 12 steps per decade");
        Series threshold = c.series("threshold p = n").orElseThrow();
        assertEquals(60, threshold.x()[0], 1e-9, "quick n = 60");
        // The curve rises into the peak and falls after it.
        int i = 0;
        for (int k = 1; k < minNorm.size(); k++) {
            if (minNorm.y()[k] > minNorm.y()[i]) {
                i = k;
            }
        }
        assertTrue(minNorm.y()[i] > 5 * minNorm.y()[0] && minNorm.y()[i] > 5 * minNorm.y()[minNorm.size() - 1]);
    }
}
