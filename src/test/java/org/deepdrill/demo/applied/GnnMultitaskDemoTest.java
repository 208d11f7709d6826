package org.deepdrill.demo.applied;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GnnMultitaskDemoTest {
    @Test
    void quickRunBeatsHeuristicsAndKeepsTheScale() {
        DemoResult r = DemoTestSupport.quick(GnnMultitaskDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "exceeds the best heuristic");
        DemoTestSupport.assertClaimHolds(r, "Message passing helps");
        DemoTestSupport.assertClaimHolds(r, "the link task helps the node task");
        DemoTestSupport.assertClaimHolds(r, "shared encoder serves both tasks");
        DemoTestSupport.assertClaimHolds(r, "raw-A layer classifies worse");
        DemoTestSupport.assertClaimHolds(r, "largest eigenvalue 1");
        DemoTestSupport.assertClaimHolds(r, "Raw A has largest eigenvalue");
        DemoTestSupport.assertAllClaimsHold(r);

        assertEquals(5, r.table("link-auc").orElseThrow().rows().size());
        assertEquals(5, r.table("node-acc").orElseThrow().rows().size());
        Chart scatter = r.chart("embeddings").orElseThrow();
        assertEquals(4, scatter.series().size(), "one series per block");
        int points = scatter.series().stream().mapToInt(s -> s.size()).sum();
        assertEquals(240, points, "every node is plotted once");
        double nodeAcc = r.metric("node accuracy GCN multi-task").orElseThrow().value();
        assertTrue(nodeAcc > 0.5, "well above chance (0.25): " + nodeAcc);
    }

    @Test
    void tooManyNeighboursForTheBlockSizeIsABadParameter() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(GnnMultitaskDemo.ID,
                Map.of("nodes", "60", "degreeIn", "30")));
        assertTrue(e.getMessage().contains("degreeIn"), e.getMessage());
    }
}
