package org.deepdrill.demo.architectures;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CnnVsTransformerAttentionDemoTest {
    @Test
    void channelAttentionIsLinearAndSelfAttentionQuadratic() {
        DemoResult r = DemoTestSupport.quick(CnnVsTransformerAttentionDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "Squeeze-excitation cost grows linearly");
        DemoTestSupport.assertClaimHolds(r, "CBAM cost grows linearly");
        DemoTestSupport.assertClaimHolds(r, "Self-attention cost grows quadratically");
        DemoTestSupport.assertClaimHolds(r, "time grows faster than linearly");
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap se = r.heatmap("se-weights").orElseThrow();
        assertEquals(8, se.rows());
        assertEquals(AttentionCnn.CHANNELS, se.cols());
        assertEquals(12, r.heatmap("cbam-spatial").orElseThrow().rows());
        assertEquals(12, r.heatmap("self-attention").orElseThrow().cols());
        assertEquals(1.0, r.metric("self-attention weights of one query, summed").orElseThrow().value(), 1e-4);
        // quick mode: maps 8, 12, 16, 24 for three modules
        assertEquals(4, r.chart("cost-time").orElseThrow().series("self-attention").orElseThrow().size());
        assertEquals(12, r.table("costs").orElseThrow().rows().size());
    }
}
