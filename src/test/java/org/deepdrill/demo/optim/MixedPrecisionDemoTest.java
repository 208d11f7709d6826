package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixedPrecisionDemoTest {
    private static final String ID = MixedPrecisionDemo.ID;
    private final MixedPrecisionDemo demo = new MixedPrecisionDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        assertEquals(3, r.chart("train").orElseThrow().series().size());
        assertEquals(100, r.chart("scale").orElseThrow().series().get(0).size());
        assertEquals(3, r.table("formats").orElseThrow().rows().size());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("simulated")), "bf16 simulation is stated");
    }

    @Test
    void softwareRoundingHitsTheKnownEdges() {
        assertEquals(65504f, LowPrecision.roundFp16(65519f));
        assertTrue(Float.isInfinite(LowPrecision.roundFp16(65520f)), "the tie at 65520 rounds to even: ∞");
        assertEquals(0x1p-24f, LowPrecision.roundFp16(4e-8f));
        assertEquals(0f, LowPrecision.roundFp16(2.9e-8f));
        assertEquals(1f, LowPrecision.roundBf16(1.00390625f), "tie between 1 and 1+2^-7 goes to even 1");
        assertEquals(1.0078125f, LowPrecision.roundBf16(1.005f));
    }

    // --- the judge, on hand-made records ------------------------------------------------------

    private static MixedPrecisionDemo.Run run(int mismatches, double[] norm, double[] tiny, double flush,
                                              double[] accuracy, double[] zeros) {
        return new MixedPrecisionDemo.Run(1000, mismatches, 0, norm, new double[] {0.9998, Double.NaN, 1},
                new double[] {1.0001, 1, 1}, tiny, new double[] {-2, -1}, new double[] {3, 4}, flush, 0, 1e-5,
                accuracy, new double[] {0.4, 1.5, 0.4}, zeros, new int[] {0, 0, 1}, new double[] {0, 0, 65536},
                new double[] {16, 16});
    }

    private static final double[] NORM = {243850, Double.POSITIVE_INFINITY, 244000};
    private static final double[] TINY = {1e-8, 0, 1e-8};
    private static final double[] ACC = {0.87, 0.55, 0.868};
    private static final double[] ZEROS = {0.05, 0.5, 0.051};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0, NORM, TINY, 0.27, ACC, ZEROS));
        assertEquals(6, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(3, NORM, TINY, 0.27, ACC, ZEROS)), "rounding-matches-engine", false);
        assertJudged(demo.judge(run(0, NORM, TINY, 0.01, ACC, ZEROS)), "gradients-flush-fp16", false);
        // fp16 without scaling that keeps its gradients and its accuracy
        MixedPrecisionDemo.Run fine = run(0, NORM, TINY, 0.27, new double[] {0.87, 0.86, 0.868},
                new double[] {0.05, 0.06, 0.051});
        assertJudged(demo.judge(fine), "fp16-gradients-vanish", false);
        assertJudged(demo.judge(fine), "fp16-trains-worse", false);
        // "scaled" fp16 that still loses its gradients and its accuracy
        MixedPrecisionDemo.Run lost = run(0, NORM, TINY, 0.27, new double[] {0.87, 0.55, 0.56},
                new double[] {0.05, 0.5, 0.49});
        assertJudged(demo.judge(lost), "scaling-restores-gradients", false);
        assertJudged(demo.judge(lost), "scaling-recovers-accuracy", false);
    }
}
