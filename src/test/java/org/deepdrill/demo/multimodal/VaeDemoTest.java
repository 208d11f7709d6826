package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.Metric;
import org.deepdrill.demo.multimodal.VaeDemo.Run;
import org.deepdrill.demo.multimodal.VaeDemo.Trained;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeDemoTest {
    private static final String ID = VaeDemo.ID;
    private final VaeDemo demo = new VaeDemo();

    /**
     * The β claims compare KLs over the same 512 held-out images; the Monte-Carlo check compares two
     * estimates over the same 64. (The KL of the main model was once overwritten by its 64-image value.)
     */
    @Test
    void quickRunComparesLikeWithLike() {
        DemoResult r = DemoTestSupport.quick(ID);
        DemoTestSupport.assertAllClaimsHold(r);
        double klMain = metric(r, "KL held-out, β = 1 (512 images, per image)");
        double klHigh = metric(r, "KL held-out, β = 4 (512 images, per image)");
        double mc = metric(r, "KL Monte-Carlo estimate on the same images");
        double closed64 = metric(r, "KL closed form on the first 64 held-out images");
        assertEquals(klHigh / klMain, DemoTestSupport.claim(r, "beta-lowers-rate").measured(), 1e-9);
        assertEquals(mc / closed64, DemoTestSupport.claim(r, "kl-matches-monte-carlo").measured(), 1e-9);
        assertTrue(klMain != closed64, "the 512-image KL is kept, not replaced by the 64-image one");

        Heatmap t = r.heatmap("traversals").orElseThrow();
        assertEquals(8 * 12, t.rows());
        assertEquals(7 * 12, t.cols());
        assertEquals(3, r.chart("elbo").orElseThrow().series().size());
        assertEquals(3, r.chart("kl-beta").orElseThrow().series().size());
        assertEquals(3, r.table("beta").orElseThrow().rows().size());
        assertTrue(r.chart("elbo").orElseThrow().series().get(0).size() >= 20);
    }

    private static double metric(DemoResult r, String name) {
        return r.metric(name).map(Metric::value).orElseThrow(() -> new AssertionError("no metric " + name));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static Trained fit(double beta, double recon, double kl, double initial) {
        return new Trained(beta, recon, kl, initial, new double[8], new double[8]);
    }

    private static final Trained MAIN = fit(1, 12, 12, 700);
    private static final Trained HIGH = fit(4, 24, 4.5, 700);
    private static final Trained LOW = fit(0.25, 9, 20, 700);

    private static Run run(Trained main, Trained high, Trained low, double mc, double closed64) {
        return run(main, high, low, mc, closed64, 64.3);
    }

    private static Run run(Trained main, Trained high, Trained low, double mc, double closed64, double meanImage) {
        return new Run(main.beta(), 0.5, meanImage, main, high, low, mc, closed64, 64, new double[96][84], new int[8],
                new double[8]);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(run(MAIN, HIGH, LOW, 11.96, 11.98));
        assertEquals(7, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        assertJudged(demo.judge(run(MAIN, HIGH, LOW, 17, 11.98)), "kl-matches-monte-carlo", false);
        // a model whose −ELBO is no better than the mean image: the code is not used
        assertJudged(demo.judge(run(MAIN, HIGH, LOW, 11.96, 11.98, 25)), "code-pays-for-itself", false);
        assertJudged(demo.judge(run(MAIN, fit(4, 24, 11, 700), LOW, 11.96, 11.98)), "beta-lowers-rate", false);
        assertJudged(demo.judge(run(MAIN, fit(4, 12.1, 4.5, 700), LOW, 11.96, 11.98)), "beta-blurs", false);
        assertJudged(demo.judge(run(MAIN, HIGH, fit(0.25, 12, 20, 700), 11.96, 11.98)), "low-beta-sharper", false);
        assertJudged(demo.judge(run(MAIN, fit(4, 15, 4.5, 700), LOW, 11.96, 11.98)), "bound-best-at-one", false);
        assertJudged(demo.judge(run(MAIN, HIGH, fit(0.25, 3, 20, 700), 11.96, 11.98)), "low-beta-looser", false);
    }

    /** The Monte-Carlo check reads the 64-image closed form; the β claims read the 512-image KL. */
    @Test
    void judgeKeepsTheTwoKlsApart() {
        List<Claim> claims = demo.judge(run(MAIN, HIGH, LOW, 6.01, 6.0));
        assertJudged(claims, "kl-matches-monte-carlo", true);
        assertEquals(4.5 / 12, DemoTestSupport.claim(claims, "beta-lowers-rate").measured(), 1e-12);
    }

    @Test
    void theBoundClaimsNeedAMainRunAtBetaOne() {
        List<Claim> claims = demo.judge(run(fit(2, 12, 12, 700), fit(8, 24, 4.5, 700), fit(0.5, 9, 20, 700), 11.96, 11.98));
        assertFalse(claims.stream().anyMatch(c -> c.id().equals("bound-best-at-one") || c.id().equals("low-beta-looser")));
    }
}
