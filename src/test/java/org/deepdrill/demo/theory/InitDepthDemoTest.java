package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitDepthDemoTest {
    @Test
    void quickRunShowsHeReluStableAndBadScalingVanishing() {
        DemoResult r = DemoTestSupport.quick(InitDepthDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "He + ReLU keeps the forward variance");
        DemoTestSupport.assertClaimHolds(r, "Xavier + ReLU halves");

        Chart fwd = r.chart("forward").orElseThrow();
        assertTrue(fwd.logY());
        assertEquals(6, fwd.series().size());
        Series he = fwd.series("He + relu").orElseThrow();
        Series bad = fwd.series("bad + relu").orElseThrow();
        assertEquals(50, he.size());
        assertTrue(bad.y()[49] < 1e-50 * bad.y()[0], "σ = 0.01 vanishes by tens of orders of magnitude");
        assertEquals(6, r.chart("backward").orElseThrow().series().size());
        assertEquals(6, r.table("summary").orElseThrow().rows().size());
    }

    @Test
    void largeFixedStdExplodes() {
        DemoResult r = DemoTestSupport.quick(InitDepthDemo.ID, Map.of("badStd", "0.2", "depth", "20", "width", "128"));
        DemoTestSupport.assertClaimHolds(r, "explode");
        DemoTestSupport.assertClaimHolds(r, "measured / predicted");
    }

    @Test
    void hugeNetworkIsRefusedWithAMemoryEstimate() {
        org.deepdrill.demo.ParamException e = assertThrows(org.deepdrill.demo.ParamException.class,
                () -> DemoTestSupport.quick(InitDepthDemo.ID, Map.of("depth", "200", "width", "1024", "batch", "2048")));
        assertTrue(e.getMessage().contains("GB") && e.getMessage().contains("'depth'"), e.getMessage());
    }
}
