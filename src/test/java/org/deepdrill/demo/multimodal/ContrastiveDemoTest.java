package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.multimodal.ContrastiveDemo.Result;
import org.deepdrill.demo.multimodal.ContrastiveDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContrastiveDemoTest {
    private static final String ID = ContrastiveDemo.ID;
    private final ContrastiveDemo demo = new ContrastiveDemo();

    @Test
    void quickRunAlignsImagesAndCaptions() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Heatmap sim = r.heatmap("similarity").orElseThrow();
        assertEquals(32, sim.rows());
        assertEquals(32, sim.cols());
        double diag = 0;
        double off = 0;
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                if (i == j) {
                    diag += sim.values()[i][j] / 32;
                } else {
                    off += sim.values()[i][j] / (32 * 31);
                }
            }
        }
        assertTrue(diag > off + 0.3, "diagonal of the similarity matrix stands out");
        assertEquals(3, r.table("temperatures").orElseThrow().rows().size());
        assertEquals(3, r.chart("loss").orElseThrow().series().size());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static Result main(double i2t, double t2i, double prob, double gap, int steps90) {
        return new Result(0.07, i2t, t2i, 0.03, prob, gap, steps90);
    }

    private static final Result MAIN = main(1, 1, 0.97, 0.9, 70);
    private static final Result HOT = new Result(1, 0.99, 1, ContrastiveDemo.floor(32, 1) + 0.08, 0.077, 1.0, 80);
    private static final Result COLD = new Result(0.01, 0.95, 1, 0.08, 0.94, 0.3, 130);

    private static Run run(Result main, Result hot, Result cold) {
        return new Run(250, 32, main, hot, cold, new double[32][32]);
    }

    private List<Claim> judge(Result main, Result hot, Result cold) {
        return demo.judge(run(main, hot, cold));
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = judge(MAIN, HOT, COLD);
        assertEquals(7, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(judge(main(0.5, 1, 0.97, 0.9, 70), HOT, COLD), "image-to-text", false);
        assertJudged(judge(main(1, 0.5, 0.97, 0.9, 70), HOT, COLD), "text-to-image", false);
        assertJudged(judge(main(1, 1, 0.97, 0.05, 70), HOT, COLD), "cosine-gap", false);
        assertJudged(judge(main(1, 1, 0.08, 0.9, 70), HOT, COLD), "sharp-softmax", false);
        // τ = 1 stuck half a nat above its floor
        Result stuck = new Result(1, 0.99, 1, ContrastiveDemo.floor(32, 1) + 0.5, 0.05, 0.5, 80);
        assertJudged(judge(MAIN, stuck, COLD), "hot-near-floor", false);
        // τ = 0.01 as fast as the main τ
        assertJudged(judge(MAIN, HOT, new Result(0.01, 0.95, 1, 0.08, 0.94, 0.3, 70)), "cold-learns-slower", false);
        // a main run that never reached 90 % proves nothing about speed, even if τ = 0.01 never did either
        assertJudged(judge(main(1, 1, 0.97, 0.9, -1), HOT, new Result(0.01, 0.5, 1, 0.08, 0.94, 0.3, -1)),
                "cold-learns-slower", false);
        assertJudged(judge(MAIN, HOT, new Result(0.01, 0.95, 1, 0.08, 0.94, 0.85, 130)), "cold-smaller-gap", false);
    }

    @Test
    void aSlowRunThatNeverGotThereCountsAsOneStepMore() {
        Claim c = assertJudged(judge(MAIN, HOT, new Result(0.01, 0.6, 1, 0.08, 0.94, 0.3, -1)), "cold-learns-slower", true);
        assertEquals(251 / 70.0, c.measured(), 1e-12);
    }
}
