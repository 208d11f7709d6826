package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NasSearchDemoTest {
    @Test
    void bothSearchesRunOnTheSameBudget() {
        DemoResult r = DemoTestSupport.quick(NasSearchDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "Architecture matters");
        DemoTestSupport.assertClaimHolds(r, "Evolution proposes better candidates");
        DemoTestSupport.assertAllClaimsHold(r);
        int budget = Integer.parseInt(r.params().get("budget"));
        Chart mean = r.chart("best-mean").orElseThrow();
        Series rs = mean.series("random search").orElseThrow();
        Series re = mean.series("regularised evolution").orElseThrow();
        assertEquals(budget, rs.size());
        assertEquals(budget, re.size());
        for (int i = 1; i < budget; i++) {
            assertTrue(rs.y()[i] >= rs.y()[i - 1] && re.y()[i] >= re.y()[i - 1], "best-so-far never decreases");
        }
        int seeds = Integer.parseInt(r.params().get("seeds"));
        assertEquals(2 * seeds, r.chart("best").orElseThrow().series().size());
        assertTrue(r.metric("mean cost per evaluation").orElseThrow().value() > 0);
        assertTrue(r.chart("cost").orElseThrow().series().get(0).size() > budget, "many distinct networks trained");
    }

    @Test
    void populationMustBeBelowBudget() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(NasSearchDemo.ID, Map.of("budget", "8", "population", "8")));
        assertTrue(e.getMessage().contains("population"), e.getMessage());
    }
}
