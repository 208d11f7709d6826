package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftmaxCeGradientDemoTest {
    @Test
    void quickRunConfirmsPMinusYAndTheSaturationOfSquaredError() {
        DemoResult r = DemoTestSupport.quick(SoftmaxCeGradientDemo.ID);
        DemoTestSupport.assertAllClaimsHold(r);
        DemoTestSupport.assertClaimHolds(r, "Autograd equals p − y");
        DemoTestSupport.assertClaimHolds(r, "Central differences");
        DemoTestSupport.assertClaimHolds(r, "Cross-entropy recovers");
        DemoTestSupport.assertClaimHolds(r, "stuck far longer");
        DemoTestSupport.assertClaimHolds(r, "gradient is tiny");

        Chart sat = r.chart("saturation").orElseThrow();
        Series ce = sat.series("cross-entropy").orElseThrow();
        Series mse = sat.series("squared error on p").orElseThrow();
        assertEquals(41, ce.size());
        // CE gradient grows towards √2 while the squared-error gradient decays towards 0.
        assertTrue(ce.y()[40] > ce.y()[0]);
        assertTrue(mse.y()[40] < 1e-6 * mse.y()[4]);

        Chart train = r.chart("training").orElseThrow();
        Series ceTrain = train.series("cross-entropy").orElseThrow();
        assertTrue(ceTrain.size() >= 10);
        assertTrue(ceTrain.y()[ceTrain.size() - 1] > ceTrain.y()[0]);
        assertEquals(2, r.table("identity").orElseThrow().rows().size());
    }
}
