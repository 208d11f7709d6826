package org.deepdrill.demo.optim;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizersDemoTest {
    @Test
    void quickRunHoldsItsClaims() {
        DemoResult r = DemoTestSupport.quick("optimizers-schedules");
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "Adam + L2: the decay is normalised away");
        DemoTestSupport.assertClaimHolds(r, "different weights");
        Chart paths = r.chart("trajectories").orElseThrow();
        assertEquals(201, paths.series("SGD").orElseThrow().size(), "start + 200 steps");
        assertTrue(paths.series().stream().filter(x -> x.name().startsWith("f = ")).allMatch(x -> x.size() > 10),
                "contour dots computed");
        Heatmap land = r.heatmap("landscape").orElseThrow();
        assertEquals(41, land.rows());
        Chart sched = r.chart("schedules").orElseThrow();
        double[] lr = sched.series().get(0).y();
        assertEquals(150, lr.length);
        assertEquals(1.0, lr[14], 1e-9, "peak at the end of warm-up");
        assertTrue(lr[149] < 0.02, "cosine ends at the floor");
        assertEquals(4, r.chart("net-loss").orElseThrow().series().size());
        assertEquals(6, r.table("mlp").orElseThrow().rows().size());
    }
}
