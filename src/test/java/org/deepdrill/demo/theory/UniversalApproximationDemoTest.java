package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniversalApproximationDemoTest {
    @Test
    void quickRunErrorFallsWithWidthButExtrapolationFails() {
        DemoResult r = DemoTestSupport.quick(UniversalApproximationDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "Width buys accuracy");
        DemoTestSupport.assertClaimHolds(r, "not extrapolation");
        DemoTestSupport.assertClaimHolds(r, "construction");

        Chart err = r.chart("error-vs-width").orElseThrow();
        Series test = err.series("test inside [-1, 1]").orElseThrow();
        assertEquals(7, test.size()); // widths 1..64
        assertEquals(64.0, test.x()[6]);
        Chart fits = r.chart("fits").orElseThrow();
        assertEquals(5, fits.series().size()); // target + four widths
        assertEquals(7, r.chart("training").orElseThrow().series().size());
    }

    @Test
    void widthMustBeAPowerOfTwo() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(UniversalApproximationDemo.ID, Map.of("maxWidth", "48")));
        assertTrue(e.getMessage().contains("maxWidth"), e.getMessage());
    }
}
