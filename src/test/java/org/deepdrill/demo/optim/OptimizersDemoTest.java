package org.deepdrill.demo.optim;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizersDemoTest {
    private static final String ID = OptimizersDemo.ID;
    private final OptimizersDemo demo = new OptimizersDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart paths = r.chart("trajectories").orElseThrow();
        assertEquals(201, paths.series("SGD").orElseThrow().size(), "start + 200 steps");
        assertTrue(paths.series().stream().filter(x -> x.name().startsWith("f = ")).allMatch(x -> x.size() > 10),
                "contour dots computed");
        Heatmap land = r.heatmap("landscape").orElseThrow();
        assertEquals(41, land.rows());
        double[] lr = r.chart("schedules").orElseThrow().series().get(0).y();
        assertEquals(150, lr.length);
        assertEquals(1.0, lr[14], 1e-9, "peak at the end of warm-up");
        assertTrue(lr[149] < 0.02, "cosine ends at the floor");
        assertEquals(4, r.chart("net-loss").orElseThrow().series().size());
        assertEquals(6, r.table("mlp").orElseThrow().rows().size());
        double lambdaMax = r.metrics().stream().filter(m -> m.name().startsWith("Hessian λ_max"))
                .mapToDouble(Metric::value).findFirst().orElseThrow();
        assertEquals(106.34, lambdaMax, 0.5, "the curvature at (−1.5, 2), computed in the run");
    }

    @Test
    void eigenvaluesOfTheStartingHessian() {
        double[] e = OptimizerViews.eigen2(new double[] {97, 30, 10}); // f's Hessian at (−1.5, 2) by hand
        assertEquals(106.34, e[0], 0.01);
        assertEquals(0.658, e[1], 0.001);
    }

    // --- the judge, on hand-made records ------------------------------------------------------

    private static final double[][] PATH = {{0, 1}, {0, 1}, {0, 1}, {0, 1}};

    private static OptimizersDemo.Run run(double[] finalLoss, double[] firstStep, double[] acc, double[] norm,
                                          double diff, double[] decayW, double[] decayL2) {
        return new OptimizersDemo.Run(new double[] {0.01, 0.01, 0.05, 0.05}, PATH, PATH, finalLoss, firstStep,
                new double[] {97, 30, 10}, 100, 10, 0.1, new double[] {0.4, 0.4, 0.5, 0.5, 0.3, 1.1}, acc, norm, diff,
                decayW, decayL2);
    }

    private static final double[] LOSS = {0.17, 1e-8, 3e-4, 0.017};
    private static final double[] FIRST = {1, 0.99999};
    private static final double[] ACC = {0.82, 0.81, 0.79, 0.79, 0.85, 0.71};
    private static final double[] NORM = {12.5, 12.5, 12.4, 12.1, 13, 5.7};
    private static final double[] EVEN = {0.196, 0.196};
    private static final double[] UNEVEN = {0.98, 0.037};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(LOSS, FIRST, ACC, NORM, 0.6, EVEN, UNEVEN));
        assertEquals(7, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new double[] {0.17, 0.1, 3e-4, 0.017}, FIRST, ACC, NORM, 0.6, EVEN, UNEVEN)),
                "momentum-beats-sgd", false);
        // the uncorrected first step: 0.1/√0.001 ≈ 3.16 lr
        assertJudged(demo.judge(run(LOSS, new double[] {3.16, 3.16}, ACC, NORM, 0.6, EVEN, UNEVEN)), "adam-first-step",
                false);
        assertJudged(demo.judge(run(LOSS, FIRST, new double[] {0.82, 0.4, 0.79, 0.79, 0.85, 0.71}, NORM, 0.6, EVEN,
                UNEVEN)), "every-rule-trains", false);
        assertJudged(demo.judge(run(LOSS, FIRST, ACC, NORM, 0.001, EVEN, UNEVEN)), "adamw-differs-from-l2", false);
        assertJudged(demo.judge(run(LOSS, FIRST, ACC, new double[] {12.5, 12.5, 12.4, 12.1, 13, 12}, 0.6, EVEN, UNEVEN)),
                "l2-stronger-penalty", false);
        assertJudged(demo.judge(run(LOSS, FIRST, ACC, NORM, 0.6, EVEN, EVEN)), "l2-decay-uneven", false);
        assertJudged(demo.judge(run(LOSS, FIRST, ACC, NORM, 0.6, UNEVEN, UNEVEN)), "adamw-decay-even", false);
    }
}
