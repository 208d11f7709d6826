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

class BiasVarianceDemoTest {
    @Test
    void quickRunDecompositionAddsUp() {
        DemoResult r = DemoTestSupport.quick(BiasVarianceDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "equals the measured test error");
        DemoTestSupport.assertClaimHolds(r, "U-shaped");

        Chart c = r.chart("decomposition").orElseThrow();
        Series sum = c.series("bias² + variance + σ²").orElseThrow();
        Series measured = c.series("measured test error").orElseThrow();
        assertEquals(13, sum.size());
        for (int d = 0; d < 13; d++) {
            assertEquals(measured.y()[d], sum.y()[d], 0.05 * measured.y()[d], "degree " + d);
        }
        Series bias = c.series("bias²").orElseThrow();
        Series variance = c.series("variance").orElseThrow();
        assertTrue(bias.y()[12] < bias.y()[0] && variance.y()[12] > variance.y()[0]);
        assertEquals(13, r.table("decomposition").orElseThrow().rows().size());
    }

    @Test
    void degreeMustStayBelowThePointCount() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(BiasVarianceDemo.ID, Map.of("points", "8", "maxDegree", "10")));
        assertTrue(e.getMessage().contains("maxDegree"), e.getMessage());
    }
}
