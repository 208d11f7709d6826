package org.deepdrill.demo.applied;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedLearningDemoTest {
    @Test
    void quickRunShowsSkewDriftAndAnExactSecureSum() {
        DemoResult r = DemoTestSupport.quick(FederatedLearningDemo.ID);
        Claim exact = DemoTestSupport.assertClaimHolds(r, "Secure sum is exact");
        assertEquals(0.0, exact.measured(), 0.0);
        Claim recovered = DemoTestSupport.assertClaimHolds(r, "After rebuilding the dropped client's masks");
        assertEquals(0.0, recovered.measured(), 0.0);
        DemoTestSupport.assertClaimHolds(r, "A dropout breaks the sum without recovery");
        DemoTestSupport.assertClaimHolds(r, "learns nothing from one masked update");
        DemoTestSupport.assertClaimHolds(r, "public random vector hides nothing");
        DemoTestSupport.assertClaimHolds(r, "Label skew hurts FedAvg");
        DemoTestSupport.assertClaimHolds(r, "reins in client drift");
        DemoTestSupport.assertAllClaimsHold(r);

        int rounds = 12;
        assertEquals(4, r.chart("accuracy").orElseThrow().series().size(), "two algorithms at two α values");
        r.chart("accuracy").orElseThrow().series().forEach(s -> assertEquals(rounds + 1, s.size(), "round 0 plus every round"));
        assertEquals(8, r.heatmap("split").orElseThrow().rows());
        assertEquals(4, r.table("accuracy").orElseThrow().rows().size());
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
    void alphaOrderIsChecked() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(FederatedLearningDemo.ID,
                Map.of("alphaLow", "5", "alphaHigh", "1")));
        assertTrue(e.getMessage().contains("alphaHigh"), e.getMessage());
    }
}
