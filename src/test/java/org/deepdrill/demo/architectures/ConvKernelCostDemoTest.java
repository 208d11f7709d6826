package org.deepdrill.demo.architectures;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvKernelCostDemoTest {
    @Test
    void quickRunCountsCostsAndMeasuresTheReceptiveField() {
        DemoResult r = DemoTestSupport.quick(ConvKernelCostDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "18/25");
        DemoTestSupport.assertClaimHolds(r, "1/C_out + 1/9");
        DemoTestSupport.assertClaimHolds(r, "outside the theoretical receptive field");
        DemoTestSupport.assertClaimHolds(r, "√depth");
        DemoTestSupport.assertClaimHolds(r, "5×5 conv takes longer");
        DemoTestSupport.assertAllClaimsHold(r);
        // widths 16, 32, 64 in quick mode, five layer choices each
        assertEquals(15, r.table("costs").orElseThrow().rows().size());
        assertEquals(3, r.chart("macs").orElseThrow().series("5×5").orElseThrow().size());
        assertEquals(3, r.chart("time").orElseThrow().series("two 3×3").orElseThrow().size());
        int depth = Integer.parseInt(r.params().get("erfDepth"));
        Heatmap erf = r.heatmap("erf").orElseThrow();
        assertEquals(2 * depth + 9, erf.rows());
        int c = erf.rows() / 2;
        assertTrue(erf.values()[c][c] >= erf.max() * 0.3, "the centre carries a large gradient");
        assertEquals(0.0, erf.values()[0][0], "corner is outside the receptive field");
    }
}
