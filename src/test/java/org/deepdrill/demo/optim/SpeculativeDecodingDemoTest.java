package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeculativeDecodingDemoTest {
    private static final String ID = SpeculativeDecodingDemo.ID;
    private final SpeculativeDecodingDemo demo = new SpeculativeDecodingDemo();

    @Test
    void plainSamplingPassesTheSameTest() {
        DemoResult r = DemoTestSupport.quick(ID);
        double plainZ = r.metrics().stream().filter(m -> m.name().startsWith("chi-square z, plain")).findFirst()
                .orElseThrow().value();
        assertTrue(plainZ < 4, "plain sampling from the target must pass its own test, z = " + plainZ);
    }

    @Test
    void decoderWithAPerfectDraftAcceptsEverything() {
        int v = 4;
        float[] p = new float[v * v * v];
        Random rnd = new Random(1);
        for (int c = 0; c < v * v; c++) {
            double[] row = Probs.softmax(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()});
            for (int x = 0; x < v; x++) {
                p[c * v + x] = (float) row[x];
            }
        }
        SpecDecoder d = new SpecDecoder(p, p, v);
        SpecDecoder.Stats st = d.speculative(new int[] {0, 1, 2}, new int[] {3, 2, 1}, 3, 5, SpecDecoder.Rule.SPECULATIVE, true, rnd);
        assertEquals(1.0, st.acceptance(), 1e-12);
        assertEquals(4.0, st.tokensPerTargetPass(), 1e-12, "γ + 1 tokens per pass when q = p");
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static SpeculativeDecodingDemo.Run record(double acceptance, double predicted, double tokensPerPass, double z) {
        double[] g = {1, 2};
        double[] v = {0.1, 0.2};
        return new SpeculativeDecodingDemo.Run(4, new double[] {1, 11}, new double[] {2.5, 1.5}, new double[] {2.5, 1.9},
                7000, 272, acceptance, predicted, predicted, tokensPerPass, 1.4, 30_000, 12_000, 48_000, 600 + z * Math.sqrt(1200),
                600, z, 610, 600, 0.3, 30_000, g, new double[] {1.7, 2.1}, new double[] {0.7, 0.7}, "(1, 2)", v, v, v);
    }

    private static final double ALPHA = 0.7;
    private static final double TOKENS = SpeculativeDecodingDemo.expectedTokens(ALPHA, 4);

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(record(ALPHA, 0.705, TOKENS, 0.4));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // tokens far from the target's conditionals
        assertJudged(demo.judge(record(ALPHA, 0.705, TOKENS, 50)), "same-distribution", false);
        // acceptance well below Σ min(p, q)
        assertJudged(demo.judge(record(0.62, 0.705, SpeculativeDecodingDemo.expectedTokens(0.62, 4), 0.4)), "acceptance-rate", false);
        // fewer tokens per pass than the geometric formula (a lost bonus token)
        assertJudged(demo.judge(record(ALPHA, 0.705, 0.92 * TOKENS, 0.4)), "tokens-per-pass", false);
        // a draft the target mostly rejects
        assertJudged(demo.judge(record(0.4, 0.4, SpeculativeDecodingDemo.expectedTokens(0.4, 4), 0.4)), "draft-agrees", false);
    }
}
