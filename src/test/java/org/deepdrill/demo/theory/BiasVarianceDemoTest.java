package org.deepdrill.demo.theory;

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

class BiasVarianceDemoTest {
    private static final String ID = BiasVarianceDemo.ID;
    private final BiasVarianceDemo demo = new BiasVarianceDemo();

    @Test
    void quickRunShowsTheDecompositionBesideTheMeasuredError() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        Chart c = r.chart("decomposition").orElseThrow();
        Series sum = c.series("bias² + variance + σ²").orElseThrow();
        Series measured = c.series("measured error").orElseThrow();
        assertEquals(13, sum.size());
        for (int d = 0; d < 13; d++) {
            assertEquals(measured.y()[d], sum.y()[d], 0.05 * measured.y()[d], "degree " + d);
        }
        assertEquals(13, r.table("decomposition").orElseThrow().rows().size());
    }

    @Test
    void degreeMustStayBelowThePointCount() {
        ParamException e = assertThrows(ParamException.class, () -> DemoTestSupport.quick(ID, Map.of("points", "8", "maxDegree", "10")));
        assertTrue(e.getMessage().contains("maxDegree"), e.getMessage());
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static BiasVarianceDemo.Run run(double[] bias2, double[] variance, double[] error) {
        int n = bias2.length;
        return new BiasVarianceDemo.Run(0.09, 10, 30, 1e-3, bias2, variance, error, new double[] {0, 1},
                new double[] {0, 1}, new double[n][2], new double[n][0][]);
    }

    private static final double[] BIAS = {0.5, 0.2, 0.05, 0.01, 0.005};
    private static final double[] VAR = {0.001, 0.002, 0.01, 0.05, 0.2};
    private static final double[] ERR = {0.6, 0.3, 0.15, 0.16, 0.3};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(BIAS, VAR, ERR));
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(new double[] {0.5, 0.2, 0.1, 0.1, 0.1}, VAR, ERR)), "bias-falls", false);
        assertJudged(demo.judge(run(BIAS, new double[] {0.01, 0.01, 0.01, 0.02, 0.05}, ERR)), "variance-grows", false);
        assertJudged(demo.judge(run(BIAS, VAR, new double[] {0.6, 0.3, 0.15, 0.1, 0.05})), "u-shaped", false);
        assertJudged(demo.judge(run(BIAS, VAR, new double[] {0.1, 0.3, 0.15, 0.16, 0.3})), "u-shaped", false);
    }
}
