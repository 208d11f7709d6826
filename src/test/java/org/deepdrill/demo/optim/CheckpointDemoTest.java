package org.deepdrill.demo.optim;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointDemoTest {
    @Test
    void quickRunHoldsItsClaims() {
        DemoResult r = DemoTestSupport.quick("gradient-checkpointing");
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "gradients equal the plain backward");
        var mem = r.chart("memory").orElseThrow();
        double[] held = mem.series().get(0).y();
        assertEquals(5, held.length, "k = 1, 2, 4, 8, 16 for n = 16");
        assertTrue(held[4] > held[2], "one segment holds more than four");
        assertEquals(5, r.table("segments").orElseThrow().rows().size());
    }
}
