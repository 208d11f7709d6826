package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffusionDemoTest {
    @Test
    void quickRunLearnsTheMoons() {
        DemoResult r = DemoTestSupport.quick(DiffusionDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "ends in noise");
        DemoTestSupport.assertClaimHolds(r, "Closed-form marginal");
        DemoTestSupport.assertClaimHolds(r, "energy distance ratio");
        DemoTestSupport.assertClaimHolds(r, "data manifold");
        DemoTestSupport.assertAllClaimsHold(r);
        Chart forward = r.chart("forward").orElseThrow();
        assertEquals(4, forward.series().size());
        Chart samples = r.chart("samples").orElseThrow();
        assertEquals(3, samples.series().size());
        assertEquals(800, samples.series("DDPM samples").orElseThrow().size());
        assertEquals(4, r.chart("reverse").orElseThrow().series().size());
        assertTrue(r.chart("loss").orElseThrow().series().get(0).size() >= 20, "live loss curve");
        assertEquals(3, r.table("distances").orElseThrow().rows().size());
    }
}
