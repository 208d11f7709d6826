package org.deepdrill.demo.research;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RlhfDpoDemoTest {
    private static final String ID = RlhfDpoDemo.ID;
    private final RlhfDpoDemo demo = new RlhfDpoDemo();

    @Test
    void closedFormOptimumBeatsEveryOtherPolicyOnTheObjective() {
        PreferenceWorld w = new PreferenceWorld(3, 5, 5, 1);
        double beta = 0.7;
        double[][] star = w.optimum(w.labeller, beta);
        double best = PreferenceWorld.expected(star, w.labeller) - beta * PreferenceWorld.kl(star, w.reference());
        double[][] other = w.optimum(w.labeller, 1.3);
        double worse = PreferenceWorld.expected(other, w.labeller) - beta * PreferenceWorld.kl(other, w.reference());
        assertTrue(best > worse, best + " vs " + worse);
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static RlhfDpoDemo.Run record(double corr, double klRlhf, double klDpo, double goldRlhf) {
        double[] v = {0.5, 0.5};
        return new RlhfDpoDemo.Run(1, 0.5, 0.04, klRlhf, klDpo, 0.0, goldRlhf, 0.7, 0.6, corr, 0.003, 0.03, 0.03,
                new double[] {1, 0.1}, new double[] {0.4, 4}, new double[] {0.7, -1.2}, new double[] {0.6, 3}, v, v, v, v);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(record(0.95, 0.045, 0.045, 0.7));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // a reward model unrelated to the labels
        assertJudged(demo.judge(record(0.3, 0.045, 0.045, 0.7)), "reward-model", false);
        // a policy-gradient policy no closer to π* than the reference
        assertJudged(demo.judge(record(0.95, 0.5, 0.045, 0.7)), "rlhf-optimum", false);
        // a DPO policy that landed elsewhere
        assertJudged(demo.judge(record(0.95, 0.045, 0.4, 0.7)), "dpo-optimum", false);
        // a hacked policy whose gold reward fell
        assertJudged(demo.judge(record(0.95, 0.045, 0.045, -1.0)), "gold-improves", false);
    }
}
