package org.deepdrill.demo.applied;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeSeriesForecastingDemoTest {
    @Test
    void quickRunIsCausalAndBeatsSeasonalNaive() {
        DemoResult r = DemoTestSupport.quick(TimeSeriesForecastingDemo.ID);
        Claim causal = DemoTestSupport.assertClaimHolds(r, "Causal TCN: perturbing inputs after t");
        assertEquals(0.0, causal.measured(), 0.0, "the causal TCN's past must not move at all");
        Claim leak = DemoTestSupport.assertClaimHolds(r, "Symmetric-padding TCN");
        assertTrue(leak.measured() > 0, "symmetric padding leaks the future");
        Claim rf = DemoTestSupport.assertClaimHolds(r, "Receptive field");
        assertEquals(r.metric("TCN receptive field (formula)").orElseThrow().value(), rf.measured(), 0.0);
        DemoTestSupport.assertClaimHolds(r, "causal TCN beats seasonal naive");
        DemoTestSupport.assertClaimHolds(r, "LSTM + temporal attention beats seasonal naive");
        DemoTestSupport.assertClaimHolds(r, "transformer enc–dec beats seasonal naive");
        DemoTestSupport.assertAllClaimsHold(r);

        assertEquals(4, r.table("errors").orElseThrow().rows().size());
        Chart forecast = r.chart("forecast").orElseThrow();
        assertEquals(6, forecast.series().size(), "history, truth, naive and three models");
        assertEquals(12, forecast.series("truth").orElseThrow().size());
        assertEquals(4, r.chart("loss").orElseThrow().series().size());
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
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(TimeSeriesForecastingDemo.ID,
                Map.of("window", "16", "period1", "24", "horizon", "12")));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }
}
