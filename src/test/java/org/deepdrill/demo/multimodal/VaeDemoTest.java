package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeDemoTest {
    @Test
    void quickRunShowsTheElboTradeOff() {
        DemoResult r = DemoTestSupport.quick(VaeDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "Monte-Carlo estimate");
        DemoTestSupport.assertClaimHolds(r, "spends fewer nats");
        DemoTestSupport.assertClaimHolds(r, "worse reconstructions");
        DemoTestSupport.assertClaimHolds(r, "true bound");
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap t = r.heatmap("traversals").orElseThrow();
        assertEquals(8 * 12, t.rows());
        assertEquals(7 * 12, t.cols());
        assertEquals(3, r.chart("elbo").orElseThrow().series().size());
        assertEquals(2, r.chart("kl-beta").orElseThrow().series().size());
        assertEquals(2, r.table("beta").orElseThrow().rows().size());
        assertTrue(r.chart("elbo").orElseThrow().series().get(0).size() >= 20);
    }
}
