package org.deepdrill.demo.architectures;

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

class NasSearchDemoTest {
    private static final String ID = NasSearchDemo.ID;
    private final NasSearchDemo demo = new NasSearchDemo();

    @Test
    void bothSearchesRunOnTheSameBudget() {
        DemoResult r = DemoTestSupport.quick(ID);
        int budget = Integer.parseInt(r.params().get("budget"));
        Chart mean = r.chart("best-mean").orElseThrow();
        Series rs = mean.series("random search").orElseThrow();
        Series re = mean.series("regularised evolution").orElseThrow();
        assertEquals(budget, rs.size());
        assertEquals(budget, re.size());
        for (int i = 1; i < budget; i++) {
            assertTrue(rs.y()[i] >= rs.y()[i - 1] && re.y()[i] >= re.y()[i - 1], "best-so-far never decreases");
        }
        int repeats = Integer.parseInt(r.params().get("repeats"));
        assertEquals(repeats, r.table("repeats").orElseThrow().rows().size());
        assertEquals(0, r.metric("training steps skipped (gradient stayed non-finite)").orElseThrow().value());
    }

    @Test
    void populationMustLeaveRoomForChildren() {
        ParamException e = assertThrows(ParamException.class,
                () -> DemoTestSupport.quick(ID, Map.of("budget", "10", "population", "7")));
        assertTrue(e.getMessage().contains("population"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static NasSearchDemo.Run run(double[] accuracy, double[] recheck) {
        double[][] curves = {{0.3, 0.5}, {0.3, 0.5}, {0.3, 0.5}};
        double[] means = {0.3, 0.3, 0.3};
        String[] keys = new String[accuracy.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "arch " + i;
        }
        return new NasSearchDemo.Run(4, 15, curves, curves, means, means, keys, accuracy, new double[accuracy.length],
                new long[accuracy.length], recheck, 0, 0);
    }

    private static final double[] ACC = {0.2, 0.3, 0.35, 0.4, 0.6, 0.25};
    private static final double[] SAME_ORDER = {0.22, 0.28, 0.37, 0.41, 0.55};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(ACC, SAME_ORDER));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new double[] {0.30, 0.31, 0.32, 0.33, 0.34, 0.3}, SAME_ORDER)),
                "architecture-matters", false);
        // a second evaluation that reverses the ranking, and one that is unrelated to it
        assertJudged(demo.judge(run(ACC, new double[] {0.55, 0.41, 0.37, 0.28, 0.22})), "estimator-ranks", false);
        assertJudged(demo.judge(run(ACC, new double[] {0.30, 0.50, 0.20, 0.20, 0.30})), "estimator-ranks", false);
    }

    @Test
    void spearmanHandlesTies() {
        assertEquals(1.0, NasSearchDemo.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 2, 3}), 1e-12);
        assertEquals(-1.0, NasSearchDemo.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    }
}
