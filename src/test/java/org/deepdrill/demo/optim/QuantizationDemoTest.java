package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantizationDemoTest {
    private static final String ID = QuantizationDemo.ID;
    private final QuantizationDemo demo = new QuantizationDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        var acc = r.chart("accuracy").orElseThrow();
        assertEquals(7, acc.series("per-channel").orElseThrow().size(), "bits 2..8");
        double[] err = r.chart("output-error").orElseThrow().series("per-tensor").orElseThrow().y();
        assertTrue(err[0] > 10 * err[6], "2-bit error is far above 8-bit error");
        assertEquals(7, r.table("size").orElseThrow().rows().size());
    }

    @Test
    void perChannelScalesFollowTheColumnMaxima() {
        float[] w = {1f, 0.1f, -2f, 0.05f}; // (2,2): column maxima 2 and 0.1
        Quantizer.Quantized q = Quantizer.quantize(w, 2, 2, 8, true);
        assertEquals(2f / 127, q.scales()[0], 1e-7);
        assertEquals(0.1f / 127, q.scales()[1], 1e-7);
        assertEquals(-127f, q.codes()[2]);
        Quantizer.Quantized cast = Quantizer.unscaled(w, 2, 2, 8);
        assertEquals(0f, cast.codes()[1], "without a scale 0.1 rounds to 0");
    }

    // --- the judge, on hand-made records ------------------------------------------------------

    private static final double[] BITS = {2, 3, 4, 5, 6, 7, 8};

    private static double[] halving(double at2) {
        double[] v = new double[BITS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = at2 / Math.pow(2, BITS[i] - 2);
        }
        return v;
    }

    private static QuantizationDemo.Run run(double[] accChannel, double[] weightErr, double[] outlierTensor,
                                            double accW8a8) {
        double[] accTensor = {0.2, 0.6, 0.8, 0.85, 0.86, 0.86, 0.86};
        return new QuantizationDemo.Run(BITS, accTensor, accChannel, halving(1), halving(0.8), weightErr,
                halving(0.5), outlierTensor, halving(0.8), 0.86, accW8a8, 1e5, 1e-7, 20, 30000, 300, 300, 3);
    }

    private static QuantizationDemo.Run truthful() {
        return run(new double[] {0.3, 0.7, 0.84, 0.855, 0.86, 0.86, 0.858}, halving(0.5), halving(8), 0.855);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(6, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        QuantizationDemo.Run t = truthful();
        // int8 that loses 5 points
        assertJudged(demo.judge(run(new double[] {0.3, 0.7, 0.8, 0.8, 0.81, 0.81, 0.81}, t.weightErr(),
                t.outlierErrTensor(), 0.855)), "int8-keeps-accuracy", false);
        // an error that does not shrink with bits
        double[] flat = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        assertJudged(demo.judge(run(t.accChannel(), flat, t.outlierErrTensor(), 0.855)), "error-halves-per-bit", false);
        // an error twice what uniform rounding gives at 8 bits
        double[] twice = halving(0.5);
        twice[6] *= 2;
        assertJudged(demo.judge(run(t.accChannel(), twice, t.outlierErrTensor(), 0.855)), "error-matches-model", false);
        // per-tensor no worse than per-channel with an outlier channel
        assertJudged(demo.judge(run(t.accChannel(), t.weightErr(), halving(0.8), 0.855)), "outlier-needs-per-channel",
                false);
        // 2-bit per-tensor that keeps the accuracy
        QuantizationDemo.Run kept = new QuantizationDemo.Run(BITS, new double[] {0.85, 0.86, 0.86, 0.86, 0.86, 0.86, 0.86},
                t.accChannel(), t.errTensor(), t.errChannel(), t.weightErr(), t.weightTheory(), t.outlierErrTensor(),
                t.outlierErrChannel(), 0.86, 0.855, 1e5, 1e-7, 20, 30000, 300, 300, 3);
        assertJudged(demo.judge(kept), "two-bits-breaks", false);
        // W8A8 that loses 3 points
        assertJudged(demo.judge(run(t.accChannel(), t.weightErr(), t.outlierErrTensor(), 0.83)), "w8a8-keeps-accuracy",
                false);
    }
}
