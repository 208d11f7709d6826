package org.deepdrill.demo.research;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillationDemoTest {
    private static final String ID = DistillationDemo.ID;
    private final DistillationDemo demo = new DistillationDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap h = r.heatmap("soft-labels").orElseThrow();
        assertEquals(10, h.rows());
        for (double[] row : h.values()) {
            assertEquals(1.0, Arrays.stream(row).sum(), 1e-3, "each row is a mean probability vector");
        }
        assertEquals(DistillationDemo.TEMPERATURES.length,
                r.chart("temperature").orElseThrow().series("distilled").orElseThrow().size());
        assertEquals(15, r.chart("teacher").orElseThrow().series().get(0).size(), "a point every 20 of 300 steps");
        assertEquals(DistillationDemo.REPLICAS, r.table("pairs").orElseThrow().rows().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] T = {1, 2, 4, 8, 16};

    private static double[][] softLabels(double sibling) {
        double[][] p = new double[10][10];
        double other = (1 - 0.6 - sibling) / 8;
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                p[r][c] = c == r ? 0.6 : c == (r ^ 1) ? sibling : other;
            }
        }
        return p;
    }

    private static double[] grad(double power) {
        return Arrays.stream(T).map(t -> Math.pow(t, -power)).toArray();
    }

    private static DistillationDemo.Run run(double teacher, double sibling, double[] chosen, double[] sweep, double[] g) {
        return run(teacher, sibling, chosen, sweep, g, new double[] {1, 1, 1, 1});
    }

    private static DistillationDemo.Run run(double teacher, double sibling, double[] chosen, double[] sweep, double[] g,
                                            double[] weighted) {
        return new DistillationDemo.Run(teacher, 1000, softLabels(sibling), 4, 4, new double[] {0.6, 0.6, 0.6}, chosen,
                DistillationDemo.TEMPERATURES, sweep, T, g, weighted);
    }

    private static final double[] CHOSEN = {0.65, 0.66, 0.64};
    private static final double[] SWEEP = {0.62, 0.64, 0.65, 0.64};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.72, 0.3, CHOSEN, SWEEP, grad(2)));
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.3, 0.3, CHOSEN, SWEEP, grad(2))), "teacher-learns", false);
        // soft labels that rank the sibling like any other wrong class
        assertJudged(demo.judge(run(0.72, 0.05, CHOSEN, SWEEP, grad(2))), "dark-knowledge", false);
        // distilled students no better than hard labels
        assertJudged(demo.judge(run(0.72, 0.3, new double[] {0.6, 0.61, 0.6}, SWEEP, grad(2))),
                "distillation-beats-hard", false);
        // at T = 8 the gain is gone
        assertJudged(demo.judge(run(0.72, 0.3, CHOSEN, new double[] {0.62, 0.64, 0.65, 0.6}, grad(2))),
                "high-t-keeps-gain", false);
        // a soft term that loses its weight as T grows
        // (students' soft-term gradient per sweep T = 1, 2, 4, 8; falling like 1/T²)
        assertJudged(demo.judge(run(0.72, 0.3, CHOSEN, SWEEP, grad(2), new double[] {1, 0.25, 0.0625, 0.015625})),
                "soft-weight-kept", false);
    }
}
