package org.deepdrill.demo.optim;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixedPrecisionDemoTest {
    @Test
    void quickRunHoldsItsClaims() {
        DemoResult r = DemoTestSupport.quick("mixed-precision");
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "65504");
        DemoTestSupport.assertClaimHolds(r, "bit for bit");
        DemoTestSupport.assertClaimHolds(r, "Loss scaling recovers");
        assertEquals(3, r.chart("train").orElseThrow().series().size());
        assertEquals(100, r.chart("scale").orElseThrow().series().get(0).size());
        assertEquals(3, r.table("formats").orElseThrow().rows().size());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("simulated")), "bf16 simulation is stated");
    }

    @Test
    void softwareRoundingHitsTheKnownEdges() {
        assertEquals(65504f, LowPrecision.roundFp16(65519f));
        assertTrue(Float.isInfinite(LowPrecision.roundFp16(65520f)), "the tie at 65520 rounds to even: ∞");
        assertEquals(0x1p-24f, LowPrecision.roundFp16(4e-8f));
        assertEquals(0f, LowPrecision.roundFp16(2.9e-8f));
        assertEquals(1f, LowPrecision.roundBf16(1.00390625f), "tie between 1 and 1+2^-7 goes to even 1");
        assertEquals(1.0078125f, LowPrecision.roundBf16(1.005f));
    }
}
