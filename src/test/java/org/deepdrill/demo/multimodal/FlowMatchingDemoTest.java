package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.multimodal.FlowMatchingDemo.Run;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowMatchingDemoTest {
    private static final String ID = FlowMatchingDemo.ID;
    private final FlowMatchingDemo demo = new FlowMatchingDemo();

    // --- the judge, on hand-made records -------------------------------------------------

    /** Gaussian 0.025, floor 0.001: the gap is 0.024. */
    private static Run run(double e32, double straight, double reflowStraight, double reflowE4) {
        List<Double> e = List.of(0.6, 0.2, 0.04, 0.012, 0.008, e32);
        List<Double> s = List.of(1.0, 0.8, 0.5, 0.5, 0.5, straight);
        List<Double> re = List.of(0.008, 0.007, reflowE4, 0.007, 0.007, 0.007);
        List<Double> rs = List.of(1.0, 0.99, 0.99, 0.99, 0.99, reflowStraight);
        return new Run(e, s, re, rs, 0.025, 0.001, 4, 2.4, 20000, List.of());
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(0.006, 0.5, 0.98, 0.007));
        assertEquals(3, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(0.015, 0.5, 0.98, 0.007)), "near-floor", false);
        assertJudged(demo.judge(run(0.006, 0.9, 0.98, 0.007)), "reflow-straightens", false);
        assertJudged(demo.judge(run(0.006, 0.5, 0.6, 0.007)), "reflow-straightens", false);
        assertJudged(demo.judge(run(0.006, 0.5, 0.98, 0.013)), "few-steps-suffice", false);
    }
}
