package org.deepdrill.demo.research;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.deepdrill.demo.DemoTestSupport.assertAllClaimsHold;
import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixtureOfExpertsDemoTest {
    @Test
    void quickRunShowsImbalanceWithoutTheAuxLossAndTheCostTradeOff() {
        DemoResult r = DemoTestSupport.quick("mixture-of-experts");
        assertAllClaimsHold(r);
        assertClaimHolds(r, "overloads some experts");
        assertClaimHolds(r, "saves tokens from the capacity limit");
        assertClaimHolds(r, "same compute per token");
        double[] balanced = r.chart("expert-load").orElseThrow().series("MoE + balance loss").orElseThrow().y();
        assertEquals(8, balanced.length);
        double sum = 0;
        for (double v : balanced) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-4, "loads are shares of all routed tokens");
        Heatmap h = r.heatmap("routing-balanced").orElseThrow();
        assertEquals(ClusterTask.CLUSTERS, h.rows());
        assertEquals(8, h.cols());
        assertEquals(4, r.table("cost").orElseThrow().rows().size());
        assertTrue(r.chart("accuracy").orElseThrow().series().size() == 4);
    }
}
