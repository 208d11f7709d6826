package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDManager;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q38: speculative decoding. A target (two-token MLP) and a draft (bigram) are trained on a
 * synthetic second-order Markov language; then thousands of sequences are decoded speculatively.
 * The run measures the acceptance rate and tokens per target pass against what the two models'
 * distributions predict, and tests the emitted tokens against the target's exact conditionals with
 * a chi-square test, beside plain sampling from the target as the noise floor.
 */
public final class SpeculativeDecodingDemo implements Demo<SpeculativeDecodingDemo.Setup, SpeculativeDecodingDemo.Run> {
    public static final String ID = "speculative-decoding";
    private static final int VOCAB = 16;
    private static final int MAX_SWEEP_GAMMA = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Speculative decoding: faster, and exactly the target's distribution",
            "Trains a target and a much smaller draft on a synthetic language, decodes thousands of sequences with "
                    + "draft-then-verify, and checks the acceptance rate, the tokens per target pass and the output "
                    + "distribution against the target's own.",
            List.of("q38-speculative-decoding"),
            List.of(ParamSpec.ofInt("gamma", "Drafted tokens per round γ").range(2, 8).byDefault(4)
                            .help("the target verifies γ drafted tokens in one pass"),
                    ParamSpec.ofInt("sequences", "Sequences decoded in parallel").range(1000, 20_000).byDefault(4000).quick(1500)
                            .help("more sequences give a sharper distribution test"),
                    ParamSpec.ofInt("rounds", "Draft-verify rounds per sequence").range(6, 60).byDefault(16).quick(10),
                    ParamSpec.ofInt("trainSteps", "Training steps per model").range(150, 3000).byDefault(400).quick(200)
                            .help("Adam steps of batch 256 for the target and for the draft"),
                    ParamSpec.seed(5)));

    /** Checked parameters, and the switches the breaks turn. */
    public record Setup(int gamma, int sequences, int rounds, int trainSteps, long seed, SpecDecoder.Rule rule,
                        boolean bonus, boolean trainDraft) {
        Setup with(SpecDecoder.Rule r, boolean b, boolean t) {
            return new Setup(gamma, sequences, rounds, trainSteps, seed, r, b, t);
        }
    }

    /**
     * The measurements. Acceptance: measured, predicted at the reached positions (mean of Σ min(p, q))
     * and over the target's stationary contexts. The test: χ², df and z for speculative output and for
     * plain target sampling. The sweep over γ, and one context's next-token distribution three ways.
     */
    public record Run(int gamma, double[] trainStep, double[] targetLoss, double[] draftLoss, long targetParams,
                      long draftParams, double acceptance, double predictedAcceptance, double stationaryAcceptance,
                      double tokensPerPass, double entropyRate, long emitted, long targetPasses, long draftPasses, double chi2, int df,
                      double z, double plainChi2, int plainDf, double plainZ, long plainTokens, double[] sweepGamma,
                      double[] sweepTokens, double[] sweepAcceptance, String shownContext, double[] shownTarget,
                      double[] shownSpeculative, double[] shownPlain) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("gamma"), p.getInt("sequences"), p.getInt("rounds"), p.getInt("trainSteps"),
                p.getInt("seed"), SpecDecoder.Rule.SPECULATIVE, true, true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("greedy-match", "A drafted token is kept only if it is the target's arg-max; otherwise the arg-max is emitted",
                                s -> s.with(SpecDecoder.Rule.GREEDY_MATCH, s.bonus(), s.trainDraft()))
                        .flips("same-distribution", "the output becomes greedy decoding of the target, not a sample from it")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("resample-from-target", "The min(1, p/q) test is kept, but a rejected token is replaced by a fresh draw from p, not from the residual",
                                s -> s.with(SpecDecoder.Rule.TARGET_ON_REJECT, s.bonus(), s.trainDraft()))
                        .flips("same-distribution", "tokens the draft likes are over-produced: q·min(1, p/q) + (1 − α)·p ≠ p")
                        .explainedIn("Why the output is exactly the target's")
                        .build(),
                Break.<Setup>of("accept-with-p", "A drafted token is accepted with probability p(x), the target's own "
                                        + "probability, instead of min(1, p(x)/q(x)); rejections still use the residual",
                                s -> s.with(SpecDecoder.Rule.ACCEPT_WITH_P, s.bonus(), s.trainDraft()))
                        .flips("acceptance-rate", "tokens are accepted at Σ q·p, not Σ min(p, q): a likely token with p = 0.6 "
                                + "is rejected 40% of the time even when the draft proposes it at exactly that rate")
                        .flips("same-distribution", "a token now comes out with probability q·p plus a share of the residual, "
                                + "which is not p: the residual only makes up for the min(p, q) acceptance")
                        .flips("draft-agrees", "with acceptance Σ q·p far below Σ min(p, q) the draft no longer pays")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("no-bonus-token", "When all γ drafts are accepted, the target's extra token is thrown away",
                                s -> s.with(s.rule(), false, s.trainDraft()))
                        .flips("tokens-per-pass", "each fully accepted round yields γ tokens, not γ + 1, so the formula over-predicts")
                        .explainedIn("How many tokens per target pass")
                        .build(),
                Break.<Setup>of("untrained-draft", "The draft keeps its random initial weights",
                                s -> s.with(s.rule(), s.bonus(), false))
                        .flips("draft-agrees", "a draft that does not resemble the target has most of its tokens rejected")
                        .explainedIn("What sets the speed-up")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        return List.of(
                Claim.atMost("same-distribution", "The emitted tokens follow the target's exact conditionals: chi-square z-score "
                        + "over " + r.df() + " degrees of freedom", r.z(), 4),
                Claim.near("acceptance-rate", "Drafted tokens are accepted at the rate Σ min(p, q) = 1 − TV(p, q) predicts: "
                        + "measured acceptance", r.acceptance(), r.predictedAcceptance(), 0.02),
                Claim.between("tokens-per-pass", "Tokens per target pass match (1 − α^(γ+1))/(1 − α) at the measured α: "
                        + "measured / formula", r.tokensPerPass() / expectedTokens(r.acceptance(), r.gamma()), 0.97, 1.03),
                Claim.atLeast("draft-agrees", "The trained draft agrees with the target often enough to pay: acceptance rate",
                        r.acceptance(), 0.55));
    }

    /** Expected tokens per target pass for γ drafts accepted independently with probability α. */
    static double expectedTokens(double alpha, double gamma) {
        return alpha >= 1 ? gamma + 1 : (1 - Math.pow(alpha, gamma + 1)) / (1 - alpha);
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread one = OneThread.on(ctx)) {
            return measureOnOneThread(s, ctx);
        }
    }

    private Run measureOnOneThread(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        Random rnd = new Random(s.seed());
        SpecLanguage language = new SpecLanguage(VOCAB, s.seed());
        int[][] data = language.sample(200, 100, rnd);

        ctx.liveChart("train", "Next-token cross-entropy while training (live)", "step", "loss (nats)", false);
        RawMlp target = SpecModels.target(m, VOCAB, s.seed() + 1);
        RawMlp draft = SpecModels.draft(m, VOCAB, s.seed() + 2);
        double[][] losses = SpecModels.train(ctx, target, s.trainDraft() ? draft : null, data, VOCAB, s.trainSteps(), rnd);
        double[] targetLoss = losses[0];
        double[] draftLoss = losses[1];
        double[] steps = new double[targetLoss.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 10.0 * i + 1;
        }
        // Each model's exact conditionals on every context: the samplers, the test's reference and α.
        float[] pTable = SpecModels.table(m, target, VOCAB, true);
        float[] qTable = SpecModels.table(m, draft, VOCAB, false);
        SpecDecoder decoder = new SpecDecoder(qTable, pTable, VOCAB);
        double stationary = stationaryAcceptance(pTable, qTable);

        ctx.liveChart("speedup", "Tokens per target pass against γ (live)", "γ drafted tokens", "tokens per target pass", false);
        int[][] start = language.contexts(s.sequences(), rnd);
        int sweepRounds = Math.max(4, s.rounds() / 2);
        double[] sweepGamma = new double[MAX_SWEEP_GAMMA];
        double[] sweepTokens = new double[MAX_SWEEP_GAMMA];
        double[] sweepAcc = new double[MAX_SWEEP_GAMMA];
        for (int g = 1; g <= MAX_SWEEP_GAMMA; g++) {
            SpecDecoder.Stats st = decoder.speculative(start[0], start[1], g, sweepRounds, s.rule(), s.bonus(), rnd);
            sweepGamma[g - 1] = g;
            sweepTokens[g - 1] = st.tokensPerTargetPass();
            sweepAcc[g - 1] = st.acceptance();
            ctx.point("speedup", "measured", g, st.tokensPerTargetPass());
            ctx.point("speedup", "formula at measured α", g, expectedTokens(st.acceptance(), g));
            ctx.progress(g, MAX_SWEEP_GAMMA + 2, "γ = " + g);
        }
        SpecDecoder.Stats spec = decoder.speculative(start[0], start[1], s.gamma(), s.rounds(), s.rule(), s.bonus(), rnd);
        ctx.progress(MAX_SWEEP_GAMMA + 1, MAX_SWEEP_GAMMA + 2, "plain sampling for comparison");
        int plainSteps = (int) Math.max(1, Math.round((double) spec.emitted() / s.sequences()));
        SpecDecoder.Stats plain = decoder.plain(start[0], start[1], plainSteps, rnd);
        double[] pDouble = toDouble(pTable);
        TransitionTest.Result test = TransitionTest.against(spec.counts(), pDouble, VOCAB);
        TransitionTest.Result plainTest = TransitionTest.against(plain.counts(), pDouble, VOCAB);
        ctx.progress(MAX_SWEEP_GAMMA + 2, MAX_SWEEP_GAMMA + 2, "done");

        int shown = busiestContext(spec.counts());
        return new Run(s.gamma(), steps, targetLoss, draftLoss, target.parameterCount(), draft.parameterCount(),
                spec.acceptance(), spec.predictedAcceptance(), stationary, spec.tokensPerTargetPass(), language.entropyRate(),
                spec.emitted(),
                spec.targetPasses(), spec.draftPasses(), test.chi2(), test.df(), test.z(), plainTest.chi2(), plainTest.df(),
                plainTest.z(), plain.emitted(), sweepGamma, sweepTokens, sweepAcc,
                "(" + shown / VOCAB + ", " + shown % VOCAB + ")", row(pDouble, shown), frequencies(spec.counts(), shown),
                frequencies(plain.counts(), shown));
    }

    @Override
    public Presentation present(Run r) {
        double[] formula = new double[r.sweepGamma().length];
        double[] stationaryFormula = new double[r.sweepGamma().length];
        for (int i = 0; i < formula.length; i++) {
            formula[i] = expectedTokens(r.sweepAcceptance()[i], r.sweepGamma()[i]);
            stationaryFormula[i] = expectedTokens(r.stationaryAcceptance(), r.sweepGamma()[i]);
        }
        double[] tokens = new double[VOCAB];
        for (int x = 0; x < VOCAB; x++) {
            tokens[x] = x;
        }
        // Multiply-adds per scored position, from the layer shapes: one-hot inputs included.
        double targetMacs = 2.0 * VOCAB * SpecModels.HIDDEN + SpecModels.HIDDEN * SpecModels.HIDDEN + SpecModels.HIDDEN * VOCAB;
        double draftMacs = (double) VOCAB * VOCAB;
        double c = draftMacs / targetMacs;
        double speedup = r.tokensPerPass() / (1 + r.gamma() * c);
        List<List<String>> rows = List.of(
                List.of("speculative (γ = " + r.gamma() + ")", Long.toString(r.emitted()), Long.toString(r.targetPasses()),
                        Long.toString(r.draftPasses()), Claim.num(r.chi2()), Integer.toString(r.df()), Claim.num(r.z())),
                List.of("plain sampling from the target", Long.toString(r.plainTokens()), Long.toString(r.plainTokens()), "0",
                        Claim.num(r.plainChi2()), Integer.toString(r.plainDf()), Claim.num(r.plainZ())));
        List<List<String>> sweep = new ArrayList<>();
        for (int i = 0; i < formula.length; i++) {
            sweep.add(List.of(Claim.num(r.sweepGamma()[i]), Claim.num(r.sweepAcceptance()[i]), Claim.num(r.sweepTokens()[i]),
                    Claim.num(formula[i]), Claim.num(stationaryFormula[i])));
        }
        // A draft left untrained (a break) has no loss curve.
        boolean draftTrained = !Double.isNaN(last(r.draftLoss()));
        List<Series> losses = new ArrayList<>(List.of(new Series("target", r.trainStep(), r.targetLoss())));
        if (draftTrained) {
            losses.add(new Series("draft", r.trainStep(), r.draftLoss()));
        }
        Presentation.Builder out = Presentation.builder();
        if (draftTrained) {
            out.metric("draft loss at the end of training", last(r.draftLoss()), "nats");
        }
        return out
                .chart(Chart.line("speedup", "Tokens per target pass against γ", "γ drafted tokens", "tokens per target pass",
                        List.of(new Series("measured", r.sweepGamma(), r.sweepTokens()),
                                new Series("formula at measured α", r.sweepGamma(), formula),
                                new Series("formula at stationary α", r.sweepGamma(), stationaryFormula))))
                .chart(Chart.line("next-token", "Next token after the busiest context " + r.shownContext()
                                + ": target probability against observed frequencies", "token", "probability",
                        List.of(new Series("target p (exact)", tokens, r.shownTarget()),
                                new Series("speculative output", tokens, r.shownSpeculative()),
                                new Series("plain sampling", tokens, r.shownPlain()))))
                .chart(Chart.line("train", "Next-token cross-entropy while training", "step", "loss (nats)", losses))
                .table(new Table("test", "Output tested against the target's exact conditionals (Pearson χ²)",
                        List.of("decoder", "tokens", "target passes", "draft passes", "χ²", "df", "z"), rows))
                .table(new Table("sweep", "Acceptance and tokens per target pass for each γ",
                        List.of("γ", "acceptance α", "tokens per pass", "(1 − α^(γ+1))/(1 − α)", "same at stationary α"), sweep))
                .metric("acceptance rate (measured)", r.acceptance(), "")
                .metric("acceptance predicted at the reached contexts, mean Σ min(p, q)", r.predictedAcceptance(), "")
                .metric("acceptance predicted over the target's stationary contexts", r.stationaryAcceptance(), "")
                .metric("tokens per target pass", r.tokensPerPass(), "")
                .metric("chi-square z, speculative", r.z(), "")
                .metric("chi-square z, plain sampling (noise floor)", r.plainZ(), "")
                .metric("language entropy rate (lowest possible loss)", r.entropyRate(), "nats")
                .metric("target loss at the end of training", last(r.targetLoss()), "nats")
                .metric("target parameters", r.targetParams(), "")
                .metric("draft parameters", r.draftParams(), "")
                .metric("draft/target multiply-adds per position c", c, "")
                .metric("expected speed-up tokens/pass ÷ (1 + γc)", speedup, "×")
                .note("Language: a second-order Markov chain over " + VOCAB + " tokens; the target sees the last two tokens, "
                        + "the draft only the last one, so the draft can approximate the target but never match it. Since both see "
                        + "at most two tokens, each trained model is evaluated once on all " + VOCAB * VOCAB + " contexts and "
                        + "decoding samples from those tables; a target pass is one verification of γ + 1 positions of a sequence.")
                .note("The chi-square test compares next-token counts per context with the target's softmax on that context. "
                        + "Under an exact sampler z is roughly standard normal; plain sampling from the target shows the same "
                        + "noise level. The acceptance claim compares with Σ min(p, q) at the contexts that were actually "
                        + "drafted, which needs no assumption about them; α over the target's stationary contexts is shown beside it.")
                .build();
    }

    private static double last(double[] v) {
        return v[v.length - 1];
    }

    /**
     * α over the contexts of the target's own text: π is the stationary law of the chain (a, b) → (b, x)
     * with x ~ p(·|a, b), found by power iteration; α = Σ π(a, b)·Σ_x min(p(x|a, b), q(x|b)).
     */
    private static double stationaryAcceptance(float[] p, float[] q) {
        int v = VOCAB;
        double[] pi = new double[v * v];
        java.util.Arrays.fill(pi, 1.0 / (v * v));
        for (int it = 0; it < 500; it++) {
            double[] next = new double[v * v];
            for (int c = 0; c < v * v; c++) {
                int b = c % v;
                for (int x = 0; x < v; x++) {
                    next[b * v + x] += pi[c] * p[c * v + x];
                }
            }
            pi = next;
        }
        double alpha = 0;
        for (int c = 0; c < v * v; c++) {
            alpha += pi[c] * Probs.overlap(p, c, q, c, v);
        }
        return alpha;
    }

    private static int busiestContext(long[] counts) {
        int best = 0;
        long most = -1;
        for (int c = 0; c < VOCAB * VOCAB; c++) {
            long n = 0;
            for (int x = 0; x < VOCAB; x++) {
                n += counts[c * VOCAB + x];
            }
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }

    private static double[] frequencies(long[] counts, int c) {
        double n = 0;
        for (int x = 0; x < VOCAB; x++) {
            n += counts[c * VOCAB + x];
        }
        double[] f = new double[VOCAB];
        for (int x = 0; x < VOCAB; x++) {
            f[x] = n == 0 ? 0 : counts[c * VOCAB + x] / n;
        }
        return f;
    }

    private static double[] row(double[] table, int c) {
        return java.util.Arrays.copyOfRange(table, c * VOCAB, (c + 1) * VOCAB);
    }

    private static double[] toDouble(float[] p) {
        double[] out = new double[p.length];
        for (int c = 0; c < p.length / VOCAB; c++) {
            double sum = 0;
            for (int x = 0; x < VOCAB; x++) {
                sum += p[c * VOCAB + x];
            }
            for (int x = 0; x < VOCAB; x++) {
                out[c * VOCAB + x] = p[c * VOCAB + x] / sum;
            }
        }
        return out;
    }
}
