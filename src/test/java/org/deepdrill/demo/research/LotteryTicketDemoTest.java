package org.deepdrill.demo.research;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LotteryTicketDemoTest {
    private static final String ID = LotteryTicketDemo.ID;
    private final LotteryTicketDemo demo = new LotteryTicketDemo();

    @Test
    void quickRunHoldsAndDrawsItsCharts() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart c = r.chart("accuracy").orElseThrow();
        assertEquals(3, c.series().size());
        Series ticket = c.series(LotteryTicketDemo.TRACKS[0]).orElseThrow();
        assertEquals(6, ticket.size(), "dense round plus 5 pruning rounds");
        assertEquals(100, ticket.x()[0], 1e-9);
        for (int i = 1; i < ticket.size(); i++) {
            assertTrue(ticket.x()[i] < ticket.x()[i - 1], "sparsity grows every round");
        }
        assertEquals(Math.pow(0.4, 5) * 100, ticket.x()[5], 1.5, "≈ (1 − 0.6)^5 of the weights left");
    }

    @Test
    void rewindStepMustBeBelowSteps() {
        assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("rewindStep", "300", "steps", "200")));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static final double[] LEFT = {1, 0.5, 0.25, 0.12, 0.06, 0.03};
    private static final double[] INIT = {0.7, 0.71, 0.70, 0.68, 0.66, 0.6};
    private static final double[] EARLY = {0.7, 0.71, 0.71, 0.69, 0.67, 0.62};
    private static final double[] RANDOM = {0.7, 0.69, 0.66, 0.6, 0.55, 0.45};

    private static LotteryTicketDemo.Run run(double[] init, double[] early, double[] random) {
        return new LotteryTicketDemo.Run(0.5, 20, LEFT, init, early, random);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(INIT, EARLY, RANDOM));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // a dense network near chance
        assertJudged(demo.judge(run(new double[] {0.3, 0.71, 0.70, 0.68, 0.66, 0.6}, EARLY, RANDOM)), "dense-learns", false);
        // a ticket at 25% that lost 10 points
        assertJudged(demo.judge(run(new double[] {0.7, 0.71, 0.60, 0.68, 0.66, 0.6}, EARLY, RANDOM)),
                "ticket-matches-dense", false);
        // rewinding no better than a random draw
        assertJudged(demo.judge(run(RANDOM, EARLY, RANDOM)), "rewind-beats-reinit", false);
        assertJudged(demo.judge(run(INIT, RANDOM, RANDOM)), "early-rewind-beats-reinit", false);
    }
}
