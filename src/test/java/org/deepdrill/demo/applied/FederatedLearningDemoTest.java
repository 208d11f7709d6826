package org.deepdrill.demo.applied;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedLearningDemoTest {
    private static final String ID = FederatedLearningDemo.ID;
    private final FederatedLearningDemo demo = new FederatedLearningDemo();

    @Test
    void defaultSeedHoldsAndShowsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        int rounds = 12;
        assertEquals(4, r.chart("accuracy").orElseThrow().series().size(), "two algorithms at two α values");
        r.chart("accuracy").orElseThrow().series().forEach(s -> assertEquals(rounds + 1, s.size(), "round 0 plus every round"));
        assertEquals(8, r.heatmap("split").orElseThrow().rows());
        assertEquals(4, r.table("accuracy").orElseThrow().rows().size());
        assertEquals("0", r.table("secure-sum").orElseThrow().rows().get(0).get(1), "the masks cancel when nobody drops");
    }

    @Test
    void secureSumRecoversOnlyWithTheRebuiltMasks() {
        Random rnd = new Random(4);
        float[][] updates = new float[5][300];
        for (float[] u : updates) {
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) (0.01 * rnd.nextGaussian());
            }
        }
        int[] sizes = {40, 80, 120, 60, 100};
        SecureSumCheck.Result pairwise = SecureSumCheck.run(updates, sizes, 9, SecureSumCheck.Masking.PAIRWISE);
        assertEquals(0, pairwise.wrongAllClients());
        assertEquals(0, pairwise.wrongAfterRecovery());
        assertTrue(pairwise.wrongWithoutRecovery() > 290, "without recovery nearly every coordinate is wrong");
        assertTrue(pairwise.maxCorrelation() < 0.2, "masked updates look random: " + pairwise.maxCorrelation());
        assertTrue(pairwise.maxFloatError() < 1e-5, "fixed point 2^-24 keeps the sum exact enough");
        SecureSumCheck.Result unrebuilt = SecureSumCheck.run(updates, sizes, 9, SecureSumCheck.Masking.PAIRWISE_NO_RECOVERY);
        assertEquals(pairwise.wrongWithoutRecovery(), unrebuilt.wrongAfterRecovery());
        SecureSumCheck.Result publicVector = SecureSumCheck.run(updates, sizes, 9, SecureSumCheck.Masking.PUBLIC_VECTOR);
        assertTrue(publicVector.maxCorrelation() > 0.8, "x ⊙ r follows x: " + publicVector.maxCorrelation());
        assertEquals(0, publicVector.wrongAfterRecovery(), "the server simply divides the public vector out");
    }

    @Test
    void shamirReconstructsFromAnyThresholdSubset() {
        Random rnd = new Random(1);
        long secret = 123_456_789_012L;
        long[] shares = Shamir.split(secret, 6, 3, rnd);
        assertEquals(secret, Shamir.reconstruct(new int[] {1, 4, 6}, new long[] {shares[0], shares[3], shares[5]}));
        assertEquals(secret, Shamir.reconstruct(new int[] {2, 3, 5}, new long[] {shares[1], shares[2], shares[4]}));
        long wrong = Shamir.reconstruct(new int[] {2, 3}, new long[] {shares[1], shares[2]});
        assertTrue(wrong != secret, "two of three shares do not give the secret");
    }

    @Test
    void dirichletSharesSumToOne() {
        double[] p = DirichletSplit.dirichlet(10, 0.1, new Random(2));
        double s = 0;
        for (double v : p) {
            assertTrue(v >= 0);
            s += v;
        }
        assertEquals(1.0, s, 1e-9);
    }

    @Test
    void everyClientGetsItsMinimumEvenUnderExtremeSkew() {
        int[] labels = new int[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        List<List<Integer>> split = DirichletSplit.split(labels, 10, 10, 0.01, 5, new Random(3));
        assertEquals(200, split.stream().mapToInt(List::size).sum());
        split.forEach(c -> assertTrue(c.size() >= 5, "client with " + c.size() + " samples"));
    }

    @Test
    void alphaOrderIsChecked() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID,
                Map.of("alphaLow", "5", "alphaHigh", "1")));
        assertTrue(e.getMessage().contains("alphaHigh"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static SecureSumCheck.Result secure(int wrongAfter, double corr) {
        return new SecureSumCheck.Result(5, 4, 3, 0, 1e-7, corr, 4, wrongAfter, new double[4], new double[4]);
    }

    /** Accuracy per algorithm (avg low, prox low, avg high, prox high) over two repeats, drift for the α-low pair. */
    private static FederatedLearningDemo.Run run(double[][] acc, double driftAvg, double driftProx,
                                                 SecureSumCheck.Result sec) {
        double[][] drift = {{driftAvg, driftAvg}, {driftProx, driftProx}, {0.5, 0.5}, {0.4, 0.4}};
        return new FederatedLearningDemo.Run(5, 10, 5, 0.1, 100, 0.5, 0, 1, 0.3, 0.1, acc, drift, new double[4][11],
                new double[5][10], new int[5], sec);
    }

    private static final double[][] TRUTHFUL = {{0.60, 0.62}, {0.63, 0.62}, {0.80, 0.78}, {0.79, 0.79}};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(TRUTHFUL, 1.0, 0.7, secure(0, 0.05)));
        assertEquals(5, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // skew costs FedAvg only one point
        double[][] mildSkew = {{0.77, 0.77}, {0.78, 0.78}, {0.78, 0.78}, {0.79, 0.79}};
        assertJudged(demo.judge(run(mildSkew, 1.0, 0.7, secure(0, 0.05))), "skew-hurts", false);
        // FedProx drifts as far as FedAvg
        assertJudged(demo.judge(run(TRUTHFUL, 1.0, 0.95, secure(0, 0.05))), "prox-reins-drift", false);
        // FedProx a little less accurate than FedAvg, on average over the pairs
        double[][] proxWorse = {{0.60, 0.62}, {0.61, 0.60}, {0.80, 0.78}, {0.79, 0.79}};
        assertJudged(demo.judge(run(proxWorse, 1.0, 0.7, secure(0, 0.05))), "prox-keeps-stragglers", false);
        // one coordinate still wrong after the recovery
        assertJudged(demo.judge(run(TRUTHFUL, 1.0, 0.7, secure(1, 0.05))), "secure-sum-recovers-dropout", false);
        // what a client sends follows its update
        assertJudged(demo.judge(run(TRUTHFUL, 1.0, 0.7, secure(0, 0.9))), "masked-update-hides", false);
    }
}
