package org.deepdrill.demo.theory;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuperpositionDemoTest {
    private static final String ID = SuperpositionDemo.ID;
    private final SuperpositionDemo demo = new SuperpositionDemo();

    @Test
    void quickRunShowsEverySparsity() {
        DemoResult r = DemoTestSupport.quick(ID);
        assertEquals(SuperpositionDemo.SPARSITY.length, r.table("per-sparsity").orElseThrow().rows().size());
        assertTrue(r.chart("stored").orElseThrow().series("m = dimensions").isPresent());
        assertTrue(r.chart("recovery").isPresent());
    }

    // --- plain geometry -------------------------------------------------------------------

    @Test
    void geometryCountsStoredFeaturesAndTheirOverlap() {
        double s = Math.sqrt(0.5);
        // three features in two dimensions: e1, a small one, and (e1 + e2)/√2
        double[][] w = {{1, 0.1, s}, {0, 0, s}};
        double[] norms = FeatureGeometry.norms(w);
        assertEquals(2, FeatureGeometry.count(norms, 0.5));
        double[] ov = FeatureGeometry.overlap(w, 0.5);
        assertEquals(s, ov[0], 1e-12);
        assertEquals(s, ov[1], 1e-12);
        assertEquals(0.5, ov[2], 1e-12);
        assertEquals(11.0 / 75, FeatureGeometry.welchBound(16, 5), 1e-12);
        assertArrayEquals(new int[] {2, 1}, FeatureGeometry.matched(w, FeatureGeometry.neuronAxes(2), 0.5, 0.95));
    }

    @Test
    void bestCosineIsSigned() {
        double[][] atoms = {{-1, 0}};
        assertEquals(-1, FeatureGeometry.bestCosine(new double[] {1, 0}, atoms), 1e-12);
    }

    // --- the judge, on hand-made records --------------------------------------------------

    private static SuperpositionDemo.Run run(double[] stored, double[] bias, double topShare, int matched) {
        return run(stored, bias, topShare, matched, 0.001);
    }

    private static SuperpositionDemo.Run run(double[] stored, double[] bias, double topShare, int matched, double excess) {
        int n = SuperpositionDemo.SPARSITY.length;
        return new SuperpositionDemo.Run(20, 5, SuperpositionDemo.SPARSITY.clone(), stored, stored, stored, new double[n],
                new double[n], bias, 0.147, 0.1467, excess, topShare, 0.01, new double[n][20], new double[20][20], 48, matched, 4, new double[20], 40, 0.2, false,
                new double[] {1}, new double[n][1], new double[] {1}, new double[] {1});
    }

    private static final double[] STORED = {5, 10, 12, 16};
    private static final double[] BIAS = {0, 0.02, -0.14, -0.23};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(STORED, BIAS, 1, 47));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new double[] {6, 10, 12, 16}, BIAS, 1, 47)), "dense-keeps-m", false);
        assertJudged(demo.judge(run(STORED, BIAS, 0.6, 47)), "dense-keeps-important", false);
        assertJudged(demo.judge(run(new double[] {5, 6, 8, 9}, BIAS, 1, 47)), "sparse-superposes", false);
        assertJudged(demo.judge(run(STORED, new double[] {0, 0, 0, -0.02}, 1, 47)), "negative-bias", false);
        assertJudged(demo.judge(run(STORED, BIAS, 1, 47, 0.08)), "even-packing", false);
        assertJudged(demo.judge(run(new double[] {5, 10, 10, 16}, BIAS, 1, 47)), "count-rises", false);
        assertJudged(demo.judge(run(new double[] {5, 5, 5, 5}, BIAS, 1, 47)), "count-rises", false);
        assertJudged(demo.judge(run(STORED, BIAS, 1, 6)), "sae-recovers", false);
    }
}
