package org.deepdrill.demo.attention;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionComplexityDemoTest {
    @Test
    void quickRunShowsQuadraticAndLinearCosts() {
        DemoResult r = DemoTestSupport.quick("attention-complexity");
        assertClaimHolds(r, "time grows like n²");
        assertClaimHolds(r, "Linear attention's time grows like n");
        assertClaimHolds(r, "memory grows like n²");
        assertClaimHolds(r, "full n×n score matrix");
        assertClaimHolds(r, "tiled attention holds less than one");
        assertClaimHolds(r, "Tiled attention's extra memory grows linearly");
        assertClaimHolds(r, "Banded attention's memory grows linearly");
        assertClaimHolds(r, "Tiled attention equals standard");
        assertClaimHolds(r, "causal mask equals masked standard");
        assertClaimHolds(r, "band-masked");
        assertClaimHolds(r, "prefix-sum form equals");
        assertClaimHolds(r, "not softmax attention");
        DemoTestSupport.assertAllClaimsHold(r);
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
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick("attention-complexity",
                Map.of("maxN", "4096", "budgetMB", "16")));
        assertTrue(e.getMessage().contains("67,108,864 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("budgetMB"), e.getMessage());
        assertTrue(e.getMessage().contains("2048"), "names the largest n that fits: " + e.getMessage());
    }
}
