package org.deepdrill.demo.research;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestTimeComputeDemoTest {
    private static final String ID = TestTimeComputeDemo.ID;
    private final TestTimeComputeDemo demo = new TestTimeComputeDemo();

    @Test
    void quickRunCoversOddSampleCounts() {
        DemoResult r = DemoTestSupport.quick(ID);
        assertEquals(16, r.table("per-n").orElseThrow().rows().size(), "N = 1, 3, ..., 31");
        assertTrue(r.chart("scaling").orElseThrow().series("binomial, one average p").isPresent());
    }

    // --- the voting maths, against values worked by hand ---------------------------------

    @Test
    void majorityOfThreeIsTheBinomialTail() {
        assertEquals(3 * 0.36 * 0.4 + 0.216, Voting.majority(3, 0.6), 1e-12); // P(2) + P(3) at p = 0.6
        assertEquals(0.5, Voting.majority(7, 0.5), 1e-12);
        assertEquals(0.7, Voting.majority(1, 0.7), 1e-12);
    }

    @Test
    void simulationAgreesWithThePredictionForIndependentPaths() {
        Random rnd = new Random(3);
        boolean[][] right = new boolean[10][400];
        boolean[] verifier = new boolean[400];
        double[] p = new double[400];
        for (int i = 0; i < 400; i++) {
            int good = rnd.nextInt(11);
            for (int k = 0; k < 10; k++) {
                right[k][i] = k < good;
            }
            p[i] = good / 10.0;
            verifier[i] = rnd.nextBoolean();
        }
        int[] ns = {1, 5, 15};
        double[][] sim = Voting.simulate(right, verifier, ns, 100, new Random(9), false);
        double[] vote = Voting.predictVote(p, ns);
        double[] best = Voting.predictBest(p, verifier, ns);
        for (int k = 0; k < ns.length; k++) {
            assertEquals(vote[k], sim[0][k], 0.01, "vote at N = " + ns[k]);
            assertEquals(best[k], sim[1][k], 0.01, "best-of-N at N = " + ns[k]);
        }
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] NS = {1, 3, 5};
    private static final double[] VOTE = {0.65, 0.69, 0.72};
    private static final double[] BEST = {0.65, 0.71, 0.67};

    private static TestTimeComputeDemo.Run run(double[] vote, double[] votePred, double[] avg, double[] best, double[] bestPred) {
        return new TestTimeComputeDemo.Run(NS, vote, votePred, avg, best, bestPred, 0.65, 0.65, 0.7, new double[] {1},
                new double[] {1}, new double[] {1});
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(VOTE, VOTE, new double[] {0.65, 0.72, 0.8}, BEST, BEST));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        double[] avg = {0.65, 0.72, 0.8};
        double[] flat = {0.65, 0.65, 0.66};
        assertJudged(demo.judge(run(flat, flat, avg, BEST, BEST)), "voting-helps", false);
        assertJudged(demo.judge(run(VOTE, VOTE, new double[] {0.65, 0.7, 0.74}, BEST, BEST)), "difficulty-caps-voting", false);
        assertEquals(3, demo.judge(run(VOTE, VOTE, avg, BEST, BEST)).size());
        double[] rising = {0.65, 0.7, 0.71};
        assertJudged(demo.judge(run(VOTE, VOTE, avg, rising, rising)), "best-of-n-overoptimises", false);
    }
}
