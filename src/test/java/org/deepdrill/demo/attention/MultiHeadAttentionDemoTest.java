package org.deepdrill.demo.attention;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiHeadAttentionDemoTest {
    @Test
    void quickRunMatchesDjlAndRespectsMasks() {
        DemoResult r = DemoTestSupport.quick("multi-head-attention");
        DemoTestSupport.assertClaimHolds(r, "matches DJL");
        DemoTestSupport.assertClaimHolds(r, "padding mask");
        DemoTestSupport.assertClaimHolds(r, "Causal mask");
        DemoTestSupport.assertClaimHolds(r, "Planted heads");
        DemoTestSupport.assertClaimHolds(r, "fp16");
        Heatmap head = r.heatmap("head-2").orElseThrow();
        assertEquals(12, head.rows());
        assertTrue(head.values()[5][4] > 0.95, "previous-token head attends to i-1");
    }

    @Test
    void embedNotDivisibleByHeadsIsABadParameter() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick("multi-head-attention",
                java.util.Map.of("embed", "30", "heads", "4")));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
    }
}
