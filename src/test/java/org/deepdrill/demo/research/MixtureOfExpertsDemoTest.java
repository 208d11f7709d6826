package org.deepdrill.demo.research;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixtureOfExpertsDemoTest {
    private static final String ID = MixtureOfExpertsDemo.ID;
    private final MixtureOfExpertsDemo demo = new MixtureOfExpertsDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
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
        assertEquals(MixtureOfExpertsDemo.REPLICAS, r.table("pairs").orElseThrow().rows().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static MixtureOfExpertsDemo.Stats stats(double acc, double maxLoad, double dropped) {
        return new MixtureOfExpertsDemo.Stats(acc, maxLoad, dropped, new double[8], new double[8][8]);
    }

    private static MixtureOfExpertsDemo.Run run(MixtureOfExpertsDemo.Stats with, MixtureOfExpertsDemo.Stats without,
                                                double denseSmall, double denseBig) {
        return new MixtureOfExpertsDemo.Run(8, 1, 1.25, List.of(with, with), List.of(without, without),
                stats(denseSmall, 1, 0), stats(denseBig, 1, 0), new long[4], new long[4]);
    }

    private static final MixtureOfExpertsDemo.Stats WITH = stats(0.9, 1.2, 0.02);
    private static final MixtureOfExpertsDemo.Stats WITHOUT = stats(0.8, 2.2, 0.25);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(WITH, WITHOUT, 0.7, 0.92));
        assertEquals(6, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // a router that stays balanced without the loss
        assertJudged(demo.judge(run(WITH, stats(0.8, 1.3, 0.25), 0.7, 0.92)), "unbalanced-overloads", false);
        // a "balanced" router that still overloads one expert
        assertJudged(demo.judge(run(stats(0.9, 1.8, 0.02), WITHOUT, 0.7, 0.92)), "balanced-near-fair", false);
        // a balance loss that barely changes the load
        assertJudged(demo.judge(run(stats(0.9, 1.4, 0.02), stats(0.8, 1.55, 0.25), 0.7, 0.92)),
                "balance-lowers-load", false);
        // no fewer drops with the loss
        assertJudged(demo.judge(run(WITH, stats(0.8, 2.2, 0.03), 0.7, 0.92)), "balance-saves-drops", false);
        // a dense net of the same compute that does as well
        assertJudged(demo.judge(run(WITH, WITHOUT, 0.89, 0.92)), "beats-same-compute", false);
        // a dense net of the same parameters far ahead
        assertJudged(demo.judge(run(WITH, WITHOUT, 0.7, 0.99)), "near-same-params", false);
    }
}
