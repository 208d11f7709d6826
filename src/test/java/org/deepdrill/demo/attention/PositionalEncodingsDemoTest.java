package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionalEncodingsDemoTest {
    @Test
    void quickRunShowsWhichEncodingsExtrapolate() {
        DemoResult r = DemoTestSupport.quick("positional-encodings");
        assertClaimHolds(r, "Sinusoidal: PE(p)·PE(p+Δ) depends on Δ only");
        assertClaimHolds(r, "RoPE: the score");
        assertClaimHolds(r, "learns the task at the training length");
        assertClaimHolds(r, "Learned positions cannot represent");
        assertClaimHolds(r, "RoPE extrapolates better");
        assertClaimHolds(r, "ALiBi extrapolates better");
        DemoTestSupport.assertAllClaimsHold(r);

        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(4, acc.series().size());
        Series learned = acc.series("learned").orElseThrow();
        assertEquals(3, learned.size(), "tested at L, 2L, 4L");
        assertTrue(learned.y()[0] > learned.y()[2] + 0.3, "learned positions lose accuracy with length");
        assertEquals(5, r.chart("similarity").orElseThrow().series().size(), "four encodings, ALiBi twice");
        int len = 12; // quick training length
        Heatmap table = r.heatmap("learned").orElseThrow();
        assertEquals(4 * len, table.rows());
        assertEquals(4 * len, r.heatmap("sinusoidal").orElseThrow().rows());
        assertEquals(4 * len, r.heatmap("alibi").orElseThrow().cols());
        assertTrue(r.heatmap("attention-rope").isPresent());
    }

    @Test
    void embedMustSplitIntoEvenHeads() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick("positional-encodings",
                Map.of("trainLen", "8", "offset", "3", "embed", "20", "heads", "8")));
        assertTrue(e.getMessage().contains("embed"), e.getMessage());
    }
}
