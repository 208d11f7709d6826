package org.deepdrill.demo.theory;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftmaxCeGradientDemoTest {
    private static final String ID = SoftmaxCeGradientDemo.ID;
    private final SoftmaxCeGradientDemo demo = new SoftmaxCeGradientDemo();

    @Test
    void quickRunShowsTheSaturationOfSquaredError() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart sat = r.chart("saturation").orElseThrow();
        Series ce = sat.series("cross-entropy").orElseThrow();
        Series mse = sat.series("squared error on p").orElseThrow();
        assertEquals(41, ce.size());
        assertTrue(ce.y()[40] > ce.y()[0]);
        assertTrue(mse.y()[40] < 1e-6 * mse.y()[4]);
        assertEquals(2, r.table("identity").orElseThrow().rows().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static SoftmaxCeGradientDemo.Run run(double formulaErr, double fdErr, double ce10, double mse10,
                                                 double ceFinal, double ceReached, double mseReached) {
        double[] margin = new double[41];
        double[] ce = new double[41];
        double[] mse = new double[41];
        ce[20] = ce10;
        mse[20] = mse10;
        return new SoftmaxCeGradientDemo.Run(10, 64, 0.1, formulaErr, fdErr, 1e-16, 0.9, new double[2][4], margin, ce, mse,
                new double[41], 150, new double[] {0, 150}, new double[] {0.01, ceFinal}, new double[] {0.01, 0.2},
                ceReached, mseReached, 1, 0.01);
    }

    private static SoftmaxCeGradientDemo.Run truthful() {
        return run(1e-16, 1e-10, 1.41, 1e-5, 0.98, 12, -1);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.3, 1e-10, 1.41, 1e-5, 0.98, 12, -1)), "autograd-matches", false);
        assertJudged(demo.judge(run(1e-16, 0.3, 1.41, 1e-5, 0.98, 12, -1)), "finite-differences-match", false);
        assertEquals(4, demo.judge(truthful()).size());
        assertJudged(demo.judge(run(1e-16, 1e-10, 1.41, 1e-5, 0.6, -1, -1)), "ce-recovers", false);
        // squared error reaching 90% only four times later is not "stuck far longer"
        assertJudged(demo.judge(run(1e-16, 1e-10, 1.41, 1e-5, 0.98, 12, 48)), "mse-slower", false);
    }
}
