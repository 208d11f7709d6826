package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.attention.AttentionComplexityDemo.Errors;
import org.deepdrill.demo.attention.AttentionComplexityDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionComplexityDemoTest {
    private static final String ID = AttentionComplexityDemo.ID;
    private final AttentionComplexityDemo demo = new AttentionComplexityDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(ID));
    }

    @Test
    void quickRunMeasuresEveryVariant() {
        DemoResult r = DemoTestSupport.quick(ID);
        Chart time = r.chart("time").orElseThrow();
        assertEquals(5, time.series().size(), "five variants");
        assertEquals(5, time.series("standard").orElseThrow().size(), "n = 128..2048");
        Chart mem = r.chart("memory").orElseThrow();
        double[] tiled = mem.series().get(4).y();
        double[] std = mem.series("standard").orElseThrow().y();
        assertTrue(std[4] / std[3] > 3.5, "standard memory ×4 per doubling");
        assertTrue(tiled[4] / tiled[3] < 2.3, "tiled memory ×2 per doubling");
    }

    @Test
    void refusesAnNWhoseScoresExceedTheBudget() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("maxN", "4096", "budgetMB", "16")));
        assertTrue(e.getMessage().contains("67,108,864 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("budgetMB"), e.getMessage());
        assertTrue(e.getMessage().contains("2048"), "names the largest n that fits: " + e.getMessage());
    }

    @Test
    void refusesLengthsWhereTheHeadSizeDominates() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("maxN", "1024", "headDim", "128")));
        assertTrue(e.getMessage().contains("headDim"), e.getMessage());
        e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("maxN", "1024", "headDim", "32",
                "tile", "256")));
        assertTrue(e.getMessage().contains("tile"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] N = {512, 1024, 2048};
    private static final double MATRIX = 4.0 * 2048 * 2048;

    /** Values c·n^p at the three lengths. */
    private static double[] power(double c, double p) {
        return new double[] {c * Math.pow(512, p), c * Math.pow(1024, p), c * Math.pow(2048, p)};
    }

    private static boolean[] all() {
        return new boolean[] {true, true, true};
    }

    /** Rows: standard, linear, linear causal, local, tiled. */
    private static Run run(double[][] ms, double[][] bytes, Errors e) {
        return new Run(1, 128, true, 3, N, List.of("standard", "linear", "linear causal", "local", "tiled"), ms, ms, bytes,
                new boolean[][] {all(), all(), all(), all(), all()}, e);
    }

    private static double[][] truthfulMs() {
        return new double[][] {power(1e-6, 2), power(1e-3, 1), power(1e-3, 1), power(1e-3, 1), power(1e-6, 2)};
    }

    /** Standard holds two n×n matrices at the largest n; tiled a third of one. */
    private static double[][] truthfulBytes() {
        return new double[][] {power(8, 2), power(2048, 1), power(4096, 1), power(2000, 1),
                new double[] {MATRIX / 12, MATRIX / 6, MATRIX / 3}};
    }

    private static final Errors ERRORS = new Errors(1024, 256, 2e-7, 3e-7, 3e-7, 0.5, 0.2, 5e-7, 0.1);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(truthfulMs(), truthfulBytes(), ERRORS));
        assertEquals(12, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        double[][] ms = truthfulMs();
        ms[AttentionComplexityDemo.STANDARD] = power(1e-3, 1);
        Claim c = assertJudged(demo.judge(run(ms, truthfulBytes(), ERRORS)), "standard-time-quadratic", false);
        assertTrue(c.isTiming());
        ms = truthfulMs();
        ms[AttentionComplexityDemo.LINEAR] = power(1e-6, 2);
        assertTrue(assertJudged(demo.judge(run(ms, truthfulBytes(), ERRORS)), "linear-time-linear", false).isTiming());

        double[][] b = truthfulBytes();
        b[AttentionComplexityDemo.STANDARD] = power(MATRIX / 2048 * 3, 1); // grows like n, ends at 3 matrices
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "standard-memory-quadratic", false);
        b = truthfulBytes();
        b[AttentionComplexityDemo.LINEAR] = power(4, 2);
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "linear-memory-linear", false);
        b = truthfulBytes();
        b[AttentionComplexityDemo.STANDARD] = power(2, 2); // half a matrix at the largest n
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "standard-holds-matrix", false);
        b = truthfulBytes();
        b[AttentionComplexityDemo.TILED] = new double[] {MATRIX / 2, MATRIX, 2 * MATRIX}; // linear, yet two matrices
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "tiled-below-matrix", false);
        b = truthfulBytes();
        b[AttentionComplexityDemo.TILED] = power(0.5, 2);
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "tiled-memory-linear", false);
        b = truthfulBytes();
        b[AttentionComplexityDemo.LOCAL] = power(8, 2);
        assertJudged(demo.judge(run(truthfulMs(), b, ERRORS)), "banded-memory-linear", false);

        assertJudged(demo.judge(run(truthfulMs(), truthfulBytes(), new Errors(1024, 256, 0.01, 3e-7, 3e-7, 0.5, 0.2, 5e-7, 0.1))),
                "tiled-exact", false);
        assertJudged(demo.judge(run(truthfulMs(), truthfulBytes(), new Errors(1024, 256, 2e-7, 0.01, 3e-7, 0.5, 0.2, 5e-7, 0.1))),
                "tiled-causal-exact", false);
        assertJudged(demo.judge(run(truthfulMs(), truthfulBytes(), new Errors(1024, 256, 2e-7, 3e-7, 0.01, 0.5, 0.2, 5e-7, 0.1))),
                "banded-exact", false);
        assertJudged(demo.judge(run(truthfulMs(), truthfulBytes(), new Errors(1024, 256, 2e-7, 3e-7, 3e-7, 0.5, 0.2, 0.01, 0.1))),
                "prefix-sum-exact", false);
    }
}
