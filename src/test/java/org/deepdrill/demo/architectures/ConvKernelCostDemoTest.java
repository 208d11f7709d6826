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

class ConvKernelCostDemoTest {
    private static final String ID = ConvKernelCostDemo.ID;
    private final ConvKernelCostDemo demo = new ConvKernelCostDemo();

    @Test
    void quickRunCountsCostsAndMeasuresTheReceptiveField() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        // widths 16, 32, 64 in quick mode, five layer choices each
        assertEquals(15, r.table("costs").orElseThrow().rows().size());
        assertEquals(3, r.chart("macs").orElseThrow().series("5×5").orElseThrow().size());
        assertEquals(3, r.chart("time").orElseThrow().series("two 3×3").orElseThrow().size());
        int depth = Integer.parseInt(r.params().get("erfDepth"));
        Heatmap erf = r.heatmap("erf").orElseThrow();
        assertEquals(4 * depth + 9, erf.rows());
        int c = erf.rows() / 2;
        assertTrue(erf.values()[c][c] >= erf.max() * 0.3, "the centre carries a large gradient");
        assertEquals(0.0, erf.values()[0][0], "corner is outside the receptive field");
        assertTrue(r.claims().stream().filter(Claim::isTiming).count() == 2, "two timing claims");
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static ConvKernelCostDemo.Run run(double[] radii, double[] outside, int stackSupport) {
        double[][] cost = {{1, 1}, {2, 2}, {5, 5}, {4, 4}, {0.5, 0.5}};
        return new ConvKernelCostDemo.Run(16, 4, new int[] {16, 32}, cost, cost, cost, new double[] {1, 2, 4, 8},
                radii, outside, stackSupport, 5, new double[][] {{0}}, new double[][] {{0}});
    }

    private static final double[] RADII = {0.8, 1.2, 1.8, 2.6};
    private static final double[] NONE = {0, 0, 0, 0};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(RADII, NONE, 5));
        assertTrue(claims.stream().filter(c -> !c.isTiming()).allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(RADII, NONE, 9)), "two-3x3-see-5x5", false);
        assertJudged(demo.judge(run(RADII, new double[] {0, 0, 1e-6, 0}, 5)), "nothing-outside-field", false);
        assertJudged(demo.judge(run(new double[] {1, 2, 4, 8}, NONE, 5)), "erf-grows-like-sqrt-depth", false);
        assertJudged(demo.judge(run(new double[] {0.8, 1.2, 1.8, 2.6}, NONE, 5)), "erf-is-a-fraction", true);
        assertJudged(demo.judge(run(new double[] {2.0, 2.8, 4.0, 5.6}, NONE, 5)), "erf-is-a-fraction", false);
    }
}
