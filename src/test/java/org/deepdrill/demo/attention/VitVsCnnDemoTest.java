package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VitVsCnnDemoTest {
    @Test
    void quickRunShowsTheCnnWinningWithLittleData() {
        DemoResult r = DemoTestSupport.quick("vit-vs-cnn");
        assertClaimHolds(r, "similar size");
        assertClaimHolds(r, "With the least data the CNN wins");
        assertClaimHolds(r, "More data narrows the gap");
        DemoTestSupport.assertAllClaimsHold(r);
        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(2, acc.series().size());
        assertEquals(2, acc.series().get(0).size(), "two data sizes in quick mode");
        for (double a : acc.series().get(1).y()) {
            assertTrue(a > 0.5, "the CNN learns well above chance (0.125): " + a);
        }
        Heatmap map = r.heatmap("cls-attention-1").orElseThrow();
        assertEquals(4, map.rows(), "16×16 image, patch 4: a 4×4 grid");
        double sum = 0;
        for (double[] row : map.values()) {
            for (double v : row) {
                sum += v;
            }
        }
        assertTrue(sum > 0.3 && sum <= 1.0001, "class-token weights over patches are part of a softmax row: " + sum);
        assertEquals(16, r.heatmap("image-1").orElseThrow().rows());
    }

    @Test
    void patchMustDivideTheImage() {
        // 16 is divisible by every allowed patch; a wrong choice is rejected by the parameter check.
        assertThrows(ParamException.class, () -> DemoTestSupport.quick("vit-vs-cnn", Map.of("patch", "3")));
    }
}
