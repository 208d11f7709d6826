package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossAttentionDemoTest {
    @Test
    void quickRunNeedsBothModalities() {
        DemoResult r = DemoTestSupport.quick(CrossAttentionDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "Cross-attention answers");
        DemoTestSupport.assertClaimHolds(r, "image alone");
        DemoTestSupport.assertClaimHolds(r, "question alone");
        DemoTestSupport.assertClaimHolds(r, "Pooling the image");
        DemoTestSupport.assertClaimHolds(r, "beats concatenation");
        DemoTestSupport.assertClaimHolds(r, "attention lands");
        Heatmap map = r.heatmap("cross-attention").orElseThrow();
        assertEquals(9, map.rows());
        assertEquals(9, map.cols());
        for (int i = 0; i < 9; i++) {
            double sum = 0;
            for (double v : map.values()[i]) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-3, "attention rows sum to one");
        }
        assertEquals(5, r.table("fusion").orElseThrow().rows().size());
        assertEquals(5, r.chart("acc").orElseThrow().series().size());
        assertTrue(r.chart("loss").orElseThrow().series().get(0).size() >= 20);
    }

    @Test
    void embedMustBeDivisibleByHeads() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(CrossAttentionDemo.ID, Map.of("embed", "30", "heads", "4")));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
    }
}
