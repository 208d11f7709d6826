package org.deepdrill.demo.research;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertAllClaimsHold;
import static org.deepdrill.demo.DemoTestSupport.assertClaimHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LotteryTicketDemoTest {
    @Test
    void quickRunRewindingBeatsRandomReinitWhenSparse() {
        DemoResult r = DemoTestSupport.quick("lottery-ticket");
        assertAllClaimsHold(r);
        double gap = assertClaimHolds(r, "rewinding to init beats random re-init").measured();
        assertTrue(gap >= 2, "gap " + gap);
        Chart c = r.chart("accuracy").orElseThrow();
        assertEquals(3, c.series().size());
        Series ticket = c.series(LotteryTicketDemo.TRACKS[0]).orElseThrow();
        assertEquals(6, ticket.size(), "dense round plus 5 pruning rounds");
        assertEquals(100, ticket.x()[0], 1e-9);
        for (int i = 1; i < ticket.size(); i++) {
            assertTrue(ticket.x()[i] < ticket.x()[i - 1], "sparsity grows every round");
        }
        Chart loss = r.chart("loss").orElseThrow();
        assertEquals(3, loss.series().size());
        assertEquals(6 * 8, loss.series().get(0).size(), "a loss point every 25 of 200 steps, 6 rounds");
                assertEquals(0.4 * 0.4 * 0.4 * 0.4 * 0.4 * 100, ticket.x()[5], 1.5, "≈ (1 − 0.6)^5 of the weights left");
    }

    @Test
    void rewindStepMustBeBelowSteps() {
        assertThrows(ParamException.class,
                () -> DemoTestSupport.quick("lottery-ticket", Map.of("rewindStep", "300", "steps", "200")));
    }
}
