package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
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
 * Q39: RLHF and DPO. Preferences between responses come from a known labellers' reward through
 * Bradley–Terry. A reward model is fitted to them, a policy is trained against it by KL-regularised
 * policy gradient, and another by DPO on the pairs alone; both are measured by their KL to the
 * closed-form optimum π* ∝ π_ref·exp(r/β) of the labellers' reward. A gold reward, which differs
 * from the labellers' on one flattering response per prompt, shows what over-optimisation costs.
 */
public final class RlhfDpoDemo implements Demo<RlhfDpoDemo.Setup, RlhfDpoDemo.Run> {
    public static final String ID = "rlhf-dpo";
    private static final int PROMPTS = 8;
    private static final int RESPONSES = 16;
    private static final double FLATTERY = 5;
    private static final int SAMPLES = 1024;
    private static final double[] SWEEP = {8, 4, 2, 1, 0.5, 0.25, 0.12, 0.06, 0.03, 0.015};

    private static final DemoSpec SPEC = new DemoSpec(ID, "RLHF and DPO reach the same KL-regularised optimum",
            "Fits a Bradley–Terry reward model to preference pairs, trains one policy by KL-regularised policy gradient "
                    + "and one by DPO, and measures both against the closed-form optimum π* ∝ π_ref·exp(r/β); a gold "
                    + "reward shows over-optimisation when β goes to zero.",
            List.of("q39-rlhf-dpo"),
            List.of(ParamSpec.ofDouble("beta", "KL weight β").range(0.8, 2).byDefault(1)
                            .help("the strength of the pull towards the reference policy"),
                    ParamSpec.ofInt("pairs", "Labelled preference pairs").range(2000, 40_000).byDefault(8000).quick(4000),
                    ParamSpec.ofInt("steps", "Training steps per model").range(100, 2000).byDefault(300).quick(150)
                            .help("Adam steps for the reward model, the policy-gradient policy and the DPO policy"),
                    ParamSpec.seed(4)));

    /** Checked parameters; {@code dpoReference} false drops π_ref from the DPO loss. */
    public record Setup(double beta, int pairs, int steps, long seed, boolean dpoReference) {
    }

    /**
     * KLs to the optimum π* of the labellers' reward (reference, RLHF, DPO), gold rewards (reference,
     * RLHF, DPO, π*), the reward model's centred correlation with the labellers' reward, mass on the
     * flattering responses, a closed-form β sweep with the learned reward, and prompt 0 shown four ways.
     */
    public record Run(double beta, double klRef, double klRewardOptimum, double klRlhf, double klDpo, double goldRef, double goldRlhf,
                      double goldDpo, double goldOptimum, double rewardCorrelation, double flatteringRef,
                      double flatteringRlhf, double flatteringDpo, double[] sweepBeta, double[] sweepKl,
                      double[] sweepGold, double[] sweepProxy, double[] shownRef, double[] shownOptimum,
                      double[] shownRlhf, double[] shownDpo) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getDouble("beta"), p.getInt("pairs"), p.getInt("steps"), p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("weak-kl-penalty", "β = 0.1, a tenth of the default: the KL penalty is too weak to hold the "
                                        + "policies near π_ref, so they chase the learned reward's maximum",
                                s -> new Setup(0.1, s.pairs(), s.steps(), s.seed(), s.dpoReference()))
                        .flips("gold-improves", "the policies pile onto the flattering response the labellers overrate, "
                                + "and the gold reward drops below the reference's")
                        .explainedIn("Over-optimisation and reward hacking")
                        .build(),
                Break.<Setup>of("dpo-without-reference", "DPO's loss without the π_ref terms: −log σ(β·[log π(y_w) − log π(y_l)])",
                                s -> new Setup(s.beta(), s.pairs(), s.steps(), s.seed(), false))
                        .flips("dpo-optimum", "without π_ref the fit lands on exp(r/β) normalised, which forgets the reference policy")
                        .explainedIn("The common wrong answer")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        return List.of(
                Claim.atLeast("reward-model", "The Bradley–Terry reward model recovers the labellers' reward: correlation "
                        + "after removing each prompt's mean", r.rewardCorrelation(), 0.8),
                Claim.atMost("rlhf-optimum", "KL-regularised policy gradient approaches π* ∝ π_ref·exp(r/β): KL(π* ‖ π) "
                        + "as a fraction of KL(π* ‖ π_ref)", r.klRlhf() / r.klRef(), 0.25),
                Claim.atMost("dpo-optimum", "DPO approaches the same π* without a reward model or sampling: KL(π* ‖ π) "
                        + "as a fraction of KL(π* ‖ π_ref)", r.klDpo() / r.klRef(), 0.25),
                Claim.atLeast("gold-improves", "With the KL penalty, optimising the learned reward also raises the gold "
                        + "reward: gain of the RLHF policy over the reference", r.goldRlhf() - r.goldRef(), 0.2));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread one = OneThread.on(ctx)) {
            return measureOnOneThread(s, ctx);
        }
    }

    private Run measureOnOneThread(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        PreferenceWorld w = new PreferenceWorld(PROMPTS, RESPONSES, FLATTERY, s.seed());
        int[][] pairs = w.pairs(s.pairs(), rnd);
        double[][] ref = w.reference();
        double[][] optimum = w.optimum(w.labeller, s.beta());

        ctx.liveChart("reward-model", "Reward model: Bradley–Terry loss (live)", "step", "loss", false);
        ctx.liveChart("optimum", "KL(π* ‖ π) while training (live)", "step", "KL to the optimum (nats)", true);
        double[][] dpo = PreferenceTraining.dpo(ctx, w, pairs, s.beta(), s.dpoReference(), optimum, s.steps());
        ctx.progress(1, 3, "DPO done; fitting the reward model");
        double[][] reward = PreferenceTraining.rewardModel(ctx, w, pairs, s.steps());
        ctx.progress(2, 3, "reward model done; policy gradient");
        double[][] rlhf = PreferenceTraining.policyGradient(ctx, w, reward, s.beta(), optimum, s.steps(), SAMPLES, rnd);
        ctx.progress(3, 3, "done");

        double[] sweepKl = new double[SWEEP.length];
        double[] sweepGold = new double[SWEEP.length];
        double[] sweepProxy = new double[SWEEP.length];
        for (int i = 0; i < SWEEP.length; i++) {
            double[][] p = w.optimum(reward, SWEEP[i]);
            sweepKl[i] = PreferenceWorld.kl(p, ref);
            sweepGold[i] = PreferenceWorld.expected(p, w.gold);
            sweepProxy[i] = PreferenceWorld.expected(p, w.labeller);
        }
        return new Run(s.beta(), PreferenceWorld.kl(optimum, ref), PreferenceWorld.kl(optimum, w.optimum(reward, s.beta())),
                PreferenceWorld.kl(optimum, rlhf),
                PreferenceWorld.kl(optimum, dpo), PreferenceWorld.expected(ref, w.gold), PreferenceWorld.expected(rlhf, w.gold),
                PreferenceWorld.expected(dpo, w.gold), PreferenceWorld.expected(optimum, w.gold),
                PreferenceWorld.centredCorrelation(reward, w.labeller), w.flatteringMass(ref), w.flatteringMass(rlhf),
                w.flatteringMass(dpo), SWEEP.clone(), sweepKl, sweepGold, sweepProxy, ref[0], optimum[0], rlhf[0], dpo[0]);
    }

    @Override
    public Presentation present(Run r) {
        double[] y = new double[RESPONSES];
        for (int i = 0; i < RESPONSES; i++) {
            y[i] = i;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("reference π_ref", Claim.num(r.klRef()), Claim.num(r.goldRef()), Claim.num(r.flatteringRef())));
        rows.add(List.of("RLHF: reward model + policy gradient", Claim.num(r.klRlhf()), Claim.num(r.goldRlhf()),
                Claim.num(r.flatteringRlhf())));
        rows.add(List.of("DPO", Claim.num(r.klDpo()), Claim.num(r.goldDpo()), Claim.num(r.flatteringDpo())));
        rows.add(List.of("optimum π* (closed form)", "0", Claim.num(r.goldOptimum()), ""));
        List<List<String>> sweep = new ArrayList<>();
        for (int i = 0; i < r.sweepBeta().length; i++) {
            sweep.add(List.of(Claim.num(r.sweepBeta()[i]), Claim.num(r.sweepKl()[i]), Claim.num(r.sweepProxy()[i]),
                    Claim.num(r.sweepGold()[i])));
        }
        int best = 0;
        for (int i = 1; i < r.sweepGold().length; i++) {
            if (r.sweepGold()[i] > r.sweepGold()[best]) {
                best = i;
            }
        }
        return Presentation.builder()
                .chart(Chart.line("overoptimisation", "Optimising the learned reward harder: gold and labellers' reward "
                                + "against KL(π ‖ π_ref), β from 8 down to 0.015", "KL(π ‖ π_ref) (nats)", "mean reward",
                        List.of(new Series("labellers' reward", r.sweepKl(), r.sweepProxy()),
                                new Series("gold reward", r.sweepKl(), r.sweepGold()))))
                .chart(Chart.line("prompt-0", "Prompt 0: probability of each response", "response", "probability",
                        List.of(new Series("π_ref", y, r.shownRef()), new Series("π* (closed form)", y, r.shownOptimum()),
                                new Series("RLHF", y, r.shownRlhf()), new Series("DPO", y, r.shownDpo()))))
                .table(new Table("policies", "Policies at β = " + Claim.num(r.beta()) + " against the optimum of the labellers' reward",
                        List.of("policy", "KL(π* ‖ π)", "gold reward", "mass on the flattering response"), rows))
                .table(new Table("sweep", "Closed-form policies π_ref·exp(r̂/β) with the learned reward r̂",
                        List.of("β", "KL(π ‖ π_ref)", "labellers' reward", "gold reward"), sweep))
                .metric("KL(π* ‖ π_ref)", r.klRef(), "nats")
                .metric("KL(π* ‖ π_ref·exp(r̂/β)), the reward model's share of the RLHF error", r.klRewardOptimum(), "nats")
                .metric("KL(π* ‖ π_RLHF)", r.klRlhf(), "nats")
                .metric("KL(π* ‖ π_DPO)", r.klDpo(), "nats")
                .metric("reward model correlation with the labellers' reward", r.rewardCorrelation(), "")
                .metric("gold gain, RLHF", r.goldRlhf() - r.goldRef(), "")
                .metric("gold gain, DPO", r.goldDpo() - r.goldRef(), "")
                .metric("best gold along the sweep, at β", r.sweepBeta()[best], "")
                .note(PROMPTS + " prompts with " + RESPONSES + " responses each. Labels: P(y₁ ≻ y₂) = σ(r(y₁) − r(y₂)) for "
                        + "the labellers' reward r, with both responses drawn from an even mix of π_ref and the uniform policy. The gold reward equals r except on "
                        + "one flattering response per prompt, which labellers overrate by " + Claim.num(FLATTERY)
                        + " and π_ref rarely writes. The reward model is linear in a one-hot (prompt, response) feature, one score per pair; each "
                        + "policy is a table of logits started at π_ref; policy gradient draws " + SAMPLES
                        + " responses per prompt per step.")
                .build();
    }
}
