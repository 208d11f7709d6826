package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContrastiveDemoTest {
    @Test
    void quickRunAlignsImagesAndCaptions() {
        DemoResult r = DemoTestSupport.quick(ContrastiveDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "Image → text retrieval");
        DemoTestSupport.assertClaimHolds(r, "Text → image retrieval");
        DemoTestSupport.assertClaimHolds(r, "softmax cannot sharpen");
        DemoTestSupport.assertClaimHolds(r, "learns at least as fast");
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap sim = r.heatmap("similarity").orElseThrow();
        assertEquals(32, sim.rows());
        assertEquals(32, sim.cols());
        double diag = 0;
        double off = 0;
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                if (i == j) {
                    diag += sim.values()[i][j] / 32;
                } else {
                    off += sim.values()[i][j] / (32 * 31);
                }
            }
        }
        assertTrue(diag > off + 0.3, "diagonal of the similarity matrix stands out");
        assertEquals(2, r.table("temperatures").orElseThrow().rows().size());
        assertEquals(2, r.chart("loss").orElseThrow().series().size());
    }
}
