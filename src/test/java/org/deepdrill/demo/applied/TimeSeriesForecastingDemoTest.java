package org.deepdrill.demo.applied;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeSeriesForecastingDemoTest {
    private static final String ID = TimeSeriesForecastingDemo.ID;
    private final TimeSeriesForecastingDemo demo = new TimeSeriesForecastingDemo();

    @Test
    void defaultSeedHoldsAndShowsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        assertEquals(0.0, DemoTestSupport.claim(r, "tcn-causal").measured(), 0.0, "the causal TCN's past must not move at all");
        assertEquals(4, r.table("errors").orElseThrow().rows().size());
        Chart forecast = r.chart("forecast").orElseThrow();
        assertEquals(6, forecast.series().size(), "history, truth, naive and three models");
        assertEquals(12, forecast.series("truth").orElseThrow().size());
        assertEquals(4, r.chart("loss").orElseThrow().series().size(), "naive plus three training curves");
        double[] twin = r.chart("causality").orElseThrow().series().get(1).y();
        assertTrue(twin[twin.length / 2] > 0, "the symmetric twin with the same weights leaks the future");
        Heatmap att = r.heatmap("lstm-attention").orElseThrow();
        for (double[] row : att.values()) {
            double s = 0;
            for (double v : row) {
                s += v;
            }
            assertEquals(1.0, s, 1e-4, "attention over time is a distribution");
        }
        assertEquals(12, r.heatmap("cross-attention").orElseThrow().rows());
    }

    @Test
    void windowShorterThanTheSeasonIsABadParameter() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("window", "16", "period1", "24", "horizon", "12")));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    /** Change per step after perturbing the inputs after step 3: only steps 4.. may move. */
    private static final double[] CAUSAL = {0, 0, 0, 0, 0.1, 0.3, 0.5, 0.4};
    private static final double[] LEAKY = {0, 0, 0.02, 0.1, 0.2, 0.3, 0.5, 0.4};

    /** A run with the probe step at 3 of 8, receptive field 29, naive MAE 1. */
    private static TimeSeriesForecastingDemo.Run run(double[] change, int inputsSeen, double[] mae) {
        double[] none = new double[8];
        return new TimeSeriesForecastingDemo.Run(true, 8, 2, 3, 4, 10, 1.0, 1.2, mae, mae, new long[3], new double[3],
                new int[3], 3, change, none, new int[] {1, 2, 4}, 29, inputsSeen, none, new double[2], new double[2],
                new double[][] {new double[2], new double[2], new double[2]}, null, null);
    }

    private static final double[] GOOD = {0.85, 0.7, 0.8};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(CAUSAL, 29, GOOD));
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // the perturbation after step 3 moved outputs at steps ≤ 3
        assertJudged(demo.judge(run(LEAKY, 29, GOOD)), "tcn-causal", false);
        // the last output sees only half the receptive field
        assertJudged(demo.judge(run(CAUSAL, 15, GOOD)), "receptive-field", false);
        // and one more input than the formula allows
        assertJudged(demo.judge(run(CAUSAL, 30, GOOD)), "receptive-field", false);
        // each model in turn no better than seasonal naive
        assertJudged(demo.judge(run(CAUSAL, 29, new double[] {1.0, 0.7, 0.8})), "tcn-beats-naive", false);
        assertJudged(demo.judge(run(CAUSAL, 29, new double[] {0.85, 0.97, 0.8})), "lstm-beats-naive", false);
        assertJudged(demo.judge(run(CAUSAL, 29, new double[] {0.85, 0.7, 1.2})), "transformer-beats-naive", false);
    }
}
