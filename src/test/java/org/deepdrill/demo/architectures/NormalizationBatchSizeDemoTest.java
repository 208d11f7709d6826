package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationBatchSizeDemoTest {
    private static final String ID = NormalizationBatchSizeDemo.ID;
    private final NormalizationBatchSizeDemo demo = new NormalizationBatchSizeDemo();

    @Test
    void quickRunShowsEveryNormAtEveryBatchSize() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(3, acc.series().size());
        assertEquals(3, acc.series("GroupNorm").orElseThrow().size());
        assertEquals(9, r.table("accuracy").orElseThrow().rows().size());
        assertEquals(3, r.table("modes").orElseThrow().rows().size());
        assertEquals(9, r.chart("loss").orElseThrow().series().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    /** Mean accuracy per norm (BatchNorm, LayerNorm, GroupNorm) at batch 2 and batch 8, two copies each. */
    private static NormalizationBatchSizeDemo.Run run(double bn2, double bn8, double gn2, double gn8) {
        double[][][] acc = {
                {{bn2, bn2}, {bn8, bn8}, {0.8, 0.8}},
                {{0.7, 0.7}, {0.7, 0.7}, {0.6, 0.6}},
                {{gn2, gn2}, {gn8, gn8}, {0.5, 0.5}}};
        return new NormalizationBatchSizeDemo.Run(new int[] {2, 8, 32}, 512, acc, acc[0], acc[0]);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.4, 0.85, 0.7, 0.72));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.8, 0.85, 0.9, 0.72)), "batch-norm-degrades", false);
        assertJudged(demo.judge(run(0.4, 0.85, 0.6, 0.72)), "group-norm-holds", false);
        assertJudged(demo.judge(run(0.4, 0.85, 0.43, 0.45)), "group-norm-beats-batch-norm", false);
    }

    @Test
    void copiesAreAveraged() {
        double[][][] acc = {
                {{0.2, 0.6}, {0.8, 0.9}, {0.8, 0.8}},
                {{0.7, 0.7}, {0.7, 0.7}, {0.6, 0.6}},
                {{0.6, 0.8}, {0.7, 0.7}, {0.5, 0.5}}};
        NormalizationBatchSizeDemo.Run r = new NormalizationBatchSizeDemo.Run(new int[] {2, 8, 32}, 512, acc, acc[0], acc[0]);
        assertEquals(0.3, DemoTestSupport.claim(demo.judge(r), "group-norm-beats-batch-norm").measured(), 1e-12);
    }
}
