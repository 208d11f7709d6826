package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.attention.VitVsCnnDemo.Looks;
import org.deepdrill.demo.attention.VitVsCnnDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VitVsCnnDemoTest {
    private static final String ID = VitVsCnnDemo.ID;
    private final VitVsCnnDemo demo = new VitVsCnnDemo();

    @Test
    void quickRunDrawsAccuracyAndAttention() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(2, acc.series().size());
        assertEquals(2, acc.series().get(0).size(), "two data sizes in quick mode");
        for (double a : acc.series().get(1).y()) {
            assertTrue(a > 0.5, "the CNN learns well above chance (0.125): " + a);
        }
        double ratio = r.metric("CNN/ViT parameter ratio (the CNN's width is chosen to match)").orElseThrow().value();
        assertTrue(ratio > 0.8 && ratio < 1.25, "similar sizes: " + ratio);
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
        assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("patch", "3")));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static Run run(double[] vit, double[] cnn) {
        double[][][] one = {{{0.5}}};
        Looks looks = new Looks(one, one, new String[] {"ring"}, new String[] {"ring"});
        return new Run(8, new int[] {48, 192, 768}, vit, new double[] {1, 1, 1}, cnn, new double[] {1, 1, 1},
                10_000, 10_300, 4, looks);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(new double[] {0.4, 0.65, 0.78}, new double[] {0.8, 0.9, 0.92}));
        assertEquals(2, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // a ViT as good as the CNN with little data
        assertJudged(demo.judge(run(new double[] {0.78, 0.85, 0.9}, new double[] {0.8, 0.9, 0.92})), "cnn-wins-small-data",
                false);
        // a gap that stays as wide with more data
        assertJudged(demo.judge(run(new double[] {0.4, 0.5, 0.52}, new double[] {0.8, 0.9, 0.92})), "gap-narrows", false);
    }
}
