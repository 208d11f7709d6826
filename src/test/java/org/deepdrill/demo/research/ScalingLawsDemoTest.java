package org.deepdrill.demo.research;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertAllClaimsHold;
import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingLawsDemoTest {
    @Test
    void quickRunFitsAPowerLawWithAResolvedExponent() {
        DemoResult r = DemoTestSupport.quick("scaling-laws");
        assertAllClaimsHold(r);
        double ratio = assertClaimHolds(r, "Loss falls with size").measured();
        assertTrue(ratio < 0.4, "loss ratio " + ratio);
        assertClaimHolds(r, "is resolved");
        double alpha = r.metric("α").orElseThrow().value();
        assertTrue(alpha > 0.2 && alpha < 3, "α = " + alpha);
        Chart fit = r.chart("fit").orElseThrow();
        assertEquals(9, fit.series("measured").orElseThrow().size(), "widths 4..64 by √2");
        assertEquals(9, fit.series("fit a·N^−α + c").orElseThrow().size());
        assertTrue(r.chart("training").orElseThrow().series().size() >= 4, "live curves for several widths");
        assertEquals(9, r.table("per-width").orElseThrow().rows().size());
    }

    @Test
    void tooFewStepsAreRejected() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick("scaling-laws", Map.of("steps", "10")));
    }
}
