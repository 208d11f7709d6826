package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CnnVsTransformerAttentionDemoTest {
    private static final String ID = CnnVsTransformerAttentionDemo.ID;
    private final CnnVsTransformerAttentionDemo demo = new CnnVsTransformerAttentionDemo();

    @Test
    void quickRunShowsWeightsAndCosts() {
        DemoResult r = DemoTestSupport.quick(ID);
        Heatmap se = r.heatmap("se-weights").orElseThrow();
        assertEquals(8, se.rows());
        assertEquals(AttentionCnn.CHANNELS, se.cols());
        assertEquals(12, r.heatmap("cbam-spatial").orElseThrow().rows());
        assertEquals(12, r.heatmap("self-attention").orElseThrow().cols());
        assertEquals(1.0, r.metric("self-attention weights of one query, summed").orElseThrow().value(), 1e-4);
        // quick mode: maps 8, 12, 16, 24 for three modules
        assertEquals(4, r.chart("cost-time").orElseThrow().series("self-attention").orElseThrow().size());
        assertEquals(12, r.table("costs").orElseThrow().rows().size());
        assertEquals(4, r.chart("live-bytes").orElseThrow().series("self-attention").orElseThrow().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] N = {64, 144, 256, 576};

    private static CnnVsTransformerAttentionDemo.Run run(double accuracy, double[] se, double[] cbam, double[] mixer,
                                                          double[] mixerBytes) {
        double[][] g = new double[12][12];
        double[][] ms = {{0.1, 0.1, 0.2, 0.4}, {0.2, 0.3, 0.5, 1.0}, {0.3, 1.0, 3.0, 14.0}};
        return new CnnVsTransformerAttentionDemo.Run(accuracy, new double[8][16], g, "cross", g, g, 1.0, "self-attention",
                16, N, new double[][] {se, cbam, mixer}, ms, new double[][] {SE_BYTES, SE_BYTES, mixerBytes});
    }

    private static final double[] SE = {128, 128, 128, 128};
    private static final double[] CBAM = {6528, 14368, 25344, 56704};
    private static final double[] SA = {196608, 811008, 2359296, 11206656};
    private static final double[] SE_BYTES = {4096, 9216, 16384, 36864};
    private static final double[] SA_BYTES = {64_000, 300_000, 900_000, 4_400_000};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.6, SE, CBAM, SA, SA_BYTES));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.2, SE, CBAM, SA, SA_BYTES)), "learned", false);
        // a mixer whose forward pass holds only N×C tensors: its bytes grow linearly in positions
        assertJudged(demo.judge(run(0.6, SE, CBAM, SA, new double[] {12_000, 27_000, 48_000, 108_000})),
                "mixer-memory-quadratic", false);
    }
}
