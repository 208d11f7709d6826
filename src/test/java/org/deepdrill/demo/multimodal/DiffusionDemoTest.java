package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Metric;
import org.deepdrill.demo.multimodal.DiffusionDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffusionDemoTest {
    private static final String ID = DiffusionDemo.ID;
    private final DiffusionDemo demo = new DiffusionDemo();

    @Test
    void quickRunLearnsTheMoons() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        assertEquals(4, r.chart("forward").orElseThrow().series().size());
        Chart samples = r.chart("samples").orElseThrow();
        assertEquals(3, samples.series().size());
        assertEquals(800, samples.series("DDPM samples").orElseThrow().size());
        assertEquals(4, r.chart("reverse").orElseThrow().series().size());
        assertTrue(r.chart("loss").orElseThrow().series().get(0).size() >= 20, "live loss curve");
        assertEquals(3, r.table("distances").orElseThrow().rows().size());
    }

    /** Every T the parameter admits gives a schedule with 0 < β_t < 1 that ends in noise. */
    @Test
    void everyAllowedStepCountGivesAValidSchedule() {
        var p = demo.spec().param("diffusionSteps").orElseThrow();
        for (int bigT = (int) p.min(); bigT <= (int) p.max(); bigT++) {
            NoiseSchedule s = new NoiseSchedule(bigT);
            double previous = 1;
            for (int t = 0; t < bigT; t++) {
                assertTrue(s.beta[t] > 0 && s.beta[t] < 1, "T = " + bigT + ", t = " + t + ": β = " + s.beta[t]);
                assertTrue(s.alphaBar[t] > 0 && s.alphaBar[t] < previous, "ᾱ falls and stays positive, T = " + bigT);
                previous = s.alphaBar[t];
                double step = s.beta[t] / Math.sqrt(1 - s.alphaBar[t]) / Math.sqrt(1 - s.beta[t]);
                assertTrue(Double.isFinite(step) && Double.isFinite(s.posteriorVariance(t)) && s.posteriorVariance(t) >= 0,
                        "the sampler's coefficients are finite, T = " + bigT + ", t = " + t);
            }
            assertTrue(Math.sqrt(s.alphaBar[bigT - 1]) < 0.01, "√ᾱ_T small for T = " + bigT);
        }
    }

    /** The old linear rule gave β_t ≥ 1 for T < 20 and NaN; the ends of the range must now run. */
    @Test
    void extremeStepCountsRunToTheEnd() {
        for (String bigT : List.of("10", "19", "400")) {
            DemoResult r = DemoTestSupport.quick(ID, Map.of("diffusionSteps", bigT, "trainSteps", "200", "samples", "400"));
            for (Metric m : r.metrics()) {
                assertTrue(Double.isFinite(m.value()), "T = " + bigT + ": " + m.name() + " = " + m.value());
            }
            for (Claim c : r.claims()) {
                assertTrue(Double.isFinite(c.measured()), "T = " + bigT + ": " + c.id() + " = " + c.measured());
            }
        }
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static Run run(double chain, double first, double last, double eSamples, double nearSamples) {
        return new Run(100, 0.0066, chain, 0.93, first, last, eSamples, 0.05, 0.001, nearSamples, 0.45, 0.9, 1, 1000,
                List.of(), List.of(), List.of());
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.93, 1, 0.2, 0.01, 0.7));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(1.3, 1, 0.2, 0.01, 0.7)), "forward-chain-matches", false);
        assertJudged(demo.judge(run(0.93, 1, 0.95, 0.01, 0.7)), "loss-falls", false);
        assertJudged(demo.judge(run(0.93, 1, 0.2, 0.04, 0.7)), "beats-gaussian", false);
        assertJudged(demo.judge(run(0.93, 1, 0.2, 0.01, 0.5)), "on-manifold", false);
    }
}
