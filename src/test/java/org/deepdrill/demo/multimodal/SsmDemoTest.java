package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.multimodal.SsmDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsmDemoTest {
    private static final String ID = SsmDemo.ID;
    private final SsmDemo demo = new SsmDemo();

    @Test
    void quickRunShowsMemoryEquivalenceAndCost() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart bytes = r.chart("bytes").orElseThrow();
        assertEquals(2, bytes.series().size());
        assertEquals(4, bytes.series().get(0).size(), "lengths 256..2048");
        Chart timing = r.chart("timing").orElseThrow();
        assertTrue(timing.logX() && timing.logY());
        assertTrue(r.claim("ssm-time-linear").orElseThrow().isTiming());
        assertTrue(r.claim("attention-time-quadratic").orElseThrow().isTiming());
        assertEquals(64, r.chart("kernel").orElseThrow().series().get(0).size());
        assertEquals(3, r.table("accuracy").orElseThrow().rows().size());
    }

    @Test
    void tooShortTimingRangeIsRejected() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("maxTimingLength", "100")));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] L = {256, 512, 1024, 2048};

    private static double[] power(double a, double p, double b) {
        double[] y = new double[L.length];
        for (int i = 0; i < L.length; i++) {
            y[i] = a * Math.pow(L[i], p) + b * L[i];
        }
        return y;
    }

    private static Run run(double accSsm, double accFast, double accAtt, double relDiff, double[] ssmBytes,
                           double[] attBytes, double[] ssmTime, double[] attTime) {
        return new Run(64, accSsm, accFast, accAtt, 1000, 1000, 10000, relDiff * 3, relDiff, new double[64], L,
                ssmBytes, attBytes, ssmTime, attTime);
    }

    private static Run truthful() {
        return run(1, 0.25, 1, 1e-7, power(4096, 1, 0), power(24, 2, 3000), power(1e-5, 1, 0), power(1e-9, 1.9, 0));
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertEquals(8, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        Run t = truthful();
        assertJudged(demo.judge(run(0.3, 0.25, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                t.attentionSeconds())), "ssm-recalls", false);
        assertJudged(demo.judge(run(1, 0.25, 0.3, 1e-7, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                t.attentionSeconds())), "attention-recalls", false);
        assertJudged(demo.judge(run(1, 0.9, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                t.attentionSeconds())), "short-memory-fails", false);
        assertJudged(demo.judge(run(1, 0.25, 1, 0.1, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                t.attentionSeconds())), "views-agree", false);
        // an SSM that materialises an L×L matrix, and an attention that never does
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, power(8, 2, 0), t.attentionBytes(), t.ssmSeconds(),
                t.attentionSeconds())), "ssm-bytes-linear", false);
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, t.ssmBytes(), power(4096, 1, 0), t.ssmSeconds(),
                t.attentionSeconds())), "attention-bytes-quadratic", false);
        // times: a quadratic recurrence, a linear attention, and a slope a quadratic cost cannot give
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), power(1e-9, 2, 0),
                t.attentionSeconds())), "ssm-time-linear", false);
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), power(1e-9, 0.5, 0),
                t.attentionSeconds())), "ssm-time-linear", false);
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                power(1e-5, 1.2, 0))), "attention-time-quadratic", false);
        assertJudged(demo.judge(run(1, 0.25, 1, 1e-7, t.ssmBytes(), t.attentionBytes(), t.ssmSeconds(),
                power(1e-12, 3, 0))), "attention-time-quadratic", false);
    }
}
