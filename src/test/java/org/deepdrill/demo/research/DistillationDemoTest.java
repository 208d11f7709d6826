package org.deepdrill.demo.research;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import static org.deepdrill.demo.DemoTestSupport.assertAllClaimsHold;
import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillationDemoTest {
    @Test
    void quickRunDistillationBeatsHardLabelsAndTSquaredCancelsTheShrinkage() {
        DemoResult r = DemoTestSupport.quick("knowledge-distillation");
        assertAllClaimsHold(r);
        assertClaimHolds(r, "Distillation beats hard labels");
        double raw = assertClaimHolds(r, "shrinks like 1/T²").measured();
        assertTrue(raw < -1.6 && raw > -2.3, "slope " + raw);
        assertClaimHolds(r, "no longer depends on T");
        Heatmap h = r.heatmap("soft-labels").orElseThrow();
        assertEquals(10, h.rows());
        assertEquals(10, h.cols());
        for (double[] row : h.values()) {
            double s = 0;
            for (double v : row) {
                s += v;
            }
            assertEquals(1.0, s, 1e-3, "each row is a mean probability vector");
        }
        assertEquals(DistillationDemo.TEMPERATURES.length,
                r.chart("temperature").orElseThrow().series("distilled").orElseThrow().size());
        assertEquals(15, r.chart("teacher").orElseThrow().series().get(0).size(), "a point every 20 of 300 steps");
        assertEquals(5, r.chart("students").orElseThrow().series().size());
                assertEquals(6, r.table("accuracy").orElseThrow().rows().size(), "teacher, hard student, four distilled");
    }
}
