package org.deepdrill.demo.optim;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvCacheDemoTest {
    @Test
    void quickRunHoldsItsClaims() {
        DemoResult r = DemoTestSupport.quick("kv-cache");
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "identical greedy tokens");
        DemoTestSupport.assertClaimHolds(r, "Cache memory");
        var time = r.chart("time").orElseThrow();
        assertEquals(64, time.series("KV cache").orElseThrow().size());
        assertEquals(64, time.series("recompute the prefix").orElseThrow().size());
        assertEquals(3, r.table("real").orElseThrow().rows().size());
    }

    @Test
    void embedMustDivideByHeads() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick("kv-cache", Map.of("embed", "100", "heads", "3")));
    }
}
