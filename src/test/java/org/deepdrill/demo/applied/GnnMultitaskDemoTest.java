package org.deepdrill.demo.applied;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GnnMultitaskDemoTest {
    private static final String ID = GnnMultitaskDemo.ID;
    private final GnnMultitaskDemo demo = new GnnMultitaskDemo();

    @Test
    void defaultSeedHoldsAndShowsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        assertEquals(5, r.table("link-auc").orElseThrow().rows().size());
        assertEquals(5, r.table("node-acc").orElseThrow().rows().size(), "four label draws and their mean");
        Chart scatter = r.chart("embeddings").orElseThrow();
        assertEquals(4, scatter.series().size(), "one series per block");
        int points = scatter.series().stream().mapToInt(s -> s.size()).sum();
        assertEquals(400, points, "every node is plotted once");
        assertEquals(1.0, r.metric("largest eigenvalue of the propagation matrix").orElseThrow().value(), 1e-3);
    }

    @Test
    void tooManyNeighboursForTheBlockSizeIsABadParameter() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("nodes", "60", "degreeIn", "30")));
        assertTrue(e.getMessage().contains("degreeIn"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    /** Six nodes with degrees 1..6 and one-dimensional embeddings of the given sizes. */
    private static GnnMultitaskDemo.Run run(double[] multiAcc, double[] nodeAcc, double mlp, double[] multiAuc,
                                            double linkOnly, float[] norms) {
        return new GnnMultitaskDemo.Run(6, 2, 2, 10, multiAcc, nodeAcc, mlp, multiAuc, linkOnly,
                new double[] {0.60, 0.55, 0.50}, norms, 1, new int[] {0, 0, 0, 1, 1, 1},
                new double[] {1, 2, 3, 4, 5, 6}, 1.0, 3.5, 3.5);
    }

    private static final double[] MULTI = {0.62, 0.60};
    private static final double[] NODE = {0.55, 0.57};
    private static final double[] AUC = {0.70, 0.68};
    private static final float[] FLAT = {1.0f, 1.1f, 1.0f, 1.2f, 1.1f, 1.2f};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(MULTI, NODE, 0.30, AUC, 0.70, FLAT));
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // the GCN's links no better than Adamic–Adar
        assertJudged(demo.judge(run(MULTI, NODE, 0.30, new double[] {0.61, 0.60}, 0.70, FLAT)), "gcn-beats-heuristics", false);
        // the graph adds nothing to the features
        assertJudged(demo.judge(run(MULTI, NODE, 0.53, AUC, 0.70, FLAT)), "message-passing-helps", false);
        // the link task leaves node accuracy where it was, on average over the draws
        assertJudged(demo.judge(run(new double[] {0.56, 0.56}, NODE, 0.30, AUC, 0.70, FLAT)), "link-task-helps", false);
        // sharing the encoder costs the link head 0.1 AUC
        assertJudged(demo.judge(run(MULTI, NODE, 0.30, AUC, 0.79, FLAT)), "shared-encoder-serves-links", false);
        // embedding norms proportional to degree + 1
        float[] summed = {2, 3, 4, 5, 6, 7};
        assertJudged(demo.judge(run(MULTI, NODE, 0.30, AUC, 0.70, summed)), "scale-free-of-degree", false);
    }
}
