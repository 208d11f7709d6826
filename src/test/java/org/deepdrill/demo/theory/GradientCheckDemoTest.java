package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckDemoTest {
    @Test
    void quickRunChecksGradientsAndShowsTheVShape() {
        DemoResult r = DemoTestSupport.quick(GradientCheckDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "Autograd agrees with central differences");
        DemoTestSupport.assertClaimHolds(r, "missing activation derivative");
        DemoTestSupport.assertClaimHolds(r, "Truncation branch");
        DemoTestSupport.assertClaimHolds(r, "Round-off branch");

        Chart c = r.chart("error-vs-h").orElseThrow();
        assertTrue(c.logX() && c.logY());
        Series f64 = c.series("float64").orElseThrow();
        assertEquals(13, f64.size());
        // V shape: the minimum is inside the sweep and both ends are far above it.
        double min = Num.min(f64.y());
        assertTrue(f64.y()[0] > 100 * min && f64.y()[f64.size() - 1] > 100 * min, "both arms of the V rise");

        Table t = r.table("per-tensor").orElseThrow();
        assertEquals(6, t.rows().size());
        assertEquals("W1", t.rows().get(0).get(0));
        assertEquals(6, r.heatmap("tensor-by-h").orElseThrow().rows());
    }

    @Test
    void softplusNetworkAlsoChecksOut() {
        DemoResult r = DemoTestSupport.quick(GradientCheckDemo.ID, java.util.Map.of("activation", "softplus"));
        DemoTestSupport.assertClaimHolds(r, "hand-written chain rule");
        DemoTestSupport.assertClaimHolds(r, "Autograd agrees");
    }
}
