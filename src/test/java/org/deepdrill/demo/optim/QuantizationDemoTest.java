package org.deepdrill.demo.optim;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantizationDemoTest {
    @Test
    void quickRunHoldsItsClaims() {
        DemoResult r = DemoTestSupport.quick("quantization");
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "int8 per-channel costs almost no accuracy");
        DemoTestSupport.assertClaimHolds(r, "halves the weight error");
        var acc = r.chart("accuracy").orElseThrow();
        assertEquals(7, acc.series("per-channel").orElseThrow().size(), "bits 2..8");
        double[] err = r.chart("output-error").orElseThrow().series("per-tensor").orElseThrow().y();
        assertTrue(err[0] > 10 * err[6], "2-bit error is far above 8-bit error");
        assertEquals(7, r.table("size").orElseThrow().rows().size());
    }

    @Test
    void perChannelScalesFollowTheColumnMaxima() {
        float[] w = {1f, 0.1f, -2f, 0.05f}; // (2,2): column maxima 2 and 0.1
        Quantizer.Quantized q = Quantizer.quantize(w, 2, 2, 8, true);
        assertEquals(2f / 127, q.scales()[0], 1e-7);
        assertEquals(0.1f / 127, q.scales()[1], 1e-7);
        assertEquals(-127f, q.codes()[2]);
    }
}
