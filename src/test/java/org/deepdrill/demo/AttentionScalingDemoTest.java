package org.deepdrill.demo;

import org.junit.jupiter.api.Test;

import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionScalingDemoTest {
    @Test
    void quickRunShowsLinearVarianceAndFlatScaledVariance() {
        DemoResult r = DemoTestSupport.quick("attention-scaling");
        double slope = assertClaimHolds(r, "grows linearly").measured();
        assertEquals(1.0, slope, 0.1);
        assertClaimHolds(r, "no longer depends");
        assertClaimHolds(r, "saturates");
        assertClaimHolds(r, "gradient");
        Series raw = r.chart("variance").orElseThrow().series("unscaled").orElseThrow();
        assertEquals(7, raw.size(), "d_k = 4..256 in quick mode");
        assertEquals("cpu", r.device());
    }

    @Test
    void sigmaEntersToTheFourthPower() {
        DemoResult r = DemoTestSupport.quick("attention-scaling", java.util.Map.of("sigma", "2", "maxDk", "64"));
        Series raw = r.chart("variance").orElseThrow().series("unscaled").orElseThrow();
        double ratio = raw.y()[raw.size() - 1] / (64 * 16.0);
        assertTrue(Math.abs(ratio - 1) < 0.15, "Var(q·k) ≈ d_k·σ⁴, got ratio " + ratio);
    }
}
