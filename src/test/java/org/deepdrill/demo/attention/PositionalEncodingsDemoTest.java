package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.attention.EncodingPictures.Pictures;
import org.deepdrill.demo.attention.PositionalEncodingsDemo.Outcome;
import org.deepdrill.demo.attention.PositionalEncodingsDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionalEncodingsDemoTest {
    private static final String ID = PositionalEncodingsDemo.ID;
    private final PositionalEncodingsDemo demo = new PositionalEncodingsDemo();

    @Test
    void quickRunDrawsEveryEncoding() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(4, acc.series().size());
        Series learned = acc.series("learned").orElseThrow();
        assertEquals(3, learned.size(), "tested at L, 2L, 4L");
        assertEquals(5, r.chart("similarity").orElseThrow().series().size(), "four encodings, ALiBi twice");
        int len = 12; // quick training length
        assertEquals(4 * len, r.heatmap("learned").orElseThrow().rows());
        assertEquals(4 * len, r.heatmap("sinusoidal").orElseThrow().rows());
        assertEquals(4 * len, r.heatmap("alibi").orElseThrow().cols());
        assertTrue(r.heatmap("attention-rope").isPresent());
        assertTrue(r.metric("sinusoidal: largest spread of PE(p)·PE(p+Δ) over p").orElseThrow().value() < 1e-9);
    }

    @Test
    void embedMustSplitIntoEvenHeads() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("trainLen", "8", "offset", "3", "embed", "20", "heads", "8")));
        assertTrue(e.getMessage().contains("embed"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double NAN = Double.NaN;

    private static Outcome outcome(double atL, double at4L, double beyond4L) {
        return new Outcome(new double[] {atL, (atL + at4L) / 2, at4L}, new double[] {NAN, beyond4L, beyond4L},
                new double[] {atL, at4L}, 0.1);
    }

    private static Run run(Outcome sin, Outcome learned, Outcome rope, Outcome alibi) {
        double[] d = {0, 1};
        Pictures pic = new Pictures(new double[][] {{0}}, new double[][] {{1}}, new double[][] {{0}}, 0.5, d, d, d, d, d,
                1e-15, 1e-7);
        double[][] one = {{1}};
        return new Run(12, 1, 16, sin, learned, rope, alibi, pic, one, new double[] {1}, one, one);
    }

    private static final Outcome SIN = outcome(0.97, 0.3, 0.1);
    private static final Outcome LEARNED = outcome(0.96, 0.28, 0.06);
    private static final Outcome ROPE = outcome(0.98, 0.65, 0.55);
    private static final Outcome ALIBI = outcome(0.99, 0.95, 0.94);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(SIN, LEARNED, ROPE, ALIBI));
        assertEquals(3, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // one encoding that never learns the task
        assertJudged(demo.judge(run(outcome(0.4, 0.2, 0.1), LEARNED, ROPE, ALIBI)), "learns-at-train-length", false);
        // RoPE no better than learned positions
        assertJudged(demo.judge(run(SIN, LEARNED, outcome(0.98, 0.3, 0.1), ALIBI)), "rope-beats-learned", false);
        // ALiBi no better than learned positions
        assertJudged(demo.judge(run(SIN, LEARNED, ROPE, outcome(0.98, 0.35, 0.1))), "alibi-beats-learned", false);
    }
}
