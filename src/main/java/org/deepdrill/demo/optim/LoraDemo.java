package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q37: LoRA. A tanh MLP is pretrained on task A (regression onto a random teacher), then adapted to task B,
 * whose teacher differs from A's by a rank-1 change of its first layer: by full fine-tuning, and by
 * LoRA adapters W0 + (α/r)·B·A on every weight matrix at ranks 1–16 with the base frozen. Trainable
 * entries are counted from what changed, step-0 outputs and merged weights are compared with the
 * adapter path, and the base weights are compared with their pretrained values.
 */
public final class LoraDemo implements Demo<LoraDemo.Setup, LoraDemo.Run> {
    public static final String ID = "lora";
    static final int[] RANKS = {1, 2, 4, 8, 16};
    private static final int OUT = 8;
    private static final int[] SIZES = {32, 64, 64, OUT};
    private static final int BATCH = 256;
    private static final int TRAIN = 8192;
    private static final int TEST = 4096;
    private static final double SHIFT = 1.0;

    private static final DemoSpec SPEC = new DemoSpec(ID, "LoRA: low-rank adapters against full fine-tuning",
            "Pretrains an MLP on task A, then adapts it to a related task B by full fine-tuning and by LoRA at ranks "
                    + "1 to 16: entries actually updated, outputs at step 0, test error against rank, merged weights "
                    + "against the adapter path, and the frozen base.",
            List.of("q37-lora"),
            List.of(ParamSpec.ofInt("steps", "Adaptation steps per method").range(150, 3000).byDefault(300).quick(150)
                            .help("Adam steps of batch 256 for full fine-tuning and for each rank"),
                    ParamSpec.ofInt("pretrainSteps", "Pretraining steps on task A").range(300, 5000).byDefault(600).quick(300),
                    ParamSpec.ofDouble("alpha", "LoRA α").range(2, 16).byDefault(8)
                            .help("the adapter path is scaled by α/r, so one learning rate serves every rank"),
                    ParamSpec.seed(1)));

    /** Checked parameters; the last four fields are what the breaks change. */
    public record Setup(int steps, int pretrainSteps, double alpha, long seed, double bInitStd, boolean trainBase,
                        boolean mergeScaled, boolean fullRankShift) {
        Setup withBInit(double std) {
            return new Setup(steps, pretrainSteps, alpha, seed, std, trainBase, mergeScaled, fullRankShift);
        }

        Setup withTrainBase() {
            return new Setup(steps, pretrainSteps, alpha, seed, bInitStd, true, mergeScaled, fullRankShift);
        }

        Setup withUnscaledMerge() {
            return new Setup(steps, pretrainSteps, alpha, seed, bInitStd, trainBase, false, fullRankShift);
        }

        Setup withFullRankShift() {
            return new Setup(steps, pretrainSteps, alpha, seed, bInitStd, trainBase, mergeScaled, true);
        }
    }

    /**
     * Per rank: test mean squared error on B, entries changed by training, Σ r(d_in + d_out), max |output − base|
     * at step 0, max |merged − adapter path| / max |adapter path|, max |W0 − pretrained W0| after training. Plus the base
     * model's test errors, full fine-tuning's, and loss curves every 10 steps.
     */
    public record Run(double[] ranks, double[] testMse, double[] updated, double[] formula, double[] step0Diff,
                      double[] mergeDiff, double[] baseDrift, double baseMseA, double baseMseB, double fullMse,
                      double fullParams, double[][] curves) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getInt("pretrainSteps"), p.getDouble("alpha"), p.getInt("seed"), 0,
                false, true, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("b-random-init", "B starts Gaussian (std 1/√r) instead of zero", s -> s.withBInit(1))
                        .flips("step0-identical", "B·A ≠ 0 at step 0, so the adapted model no longer starts as the base model")
                        .explainedIn("Why B starts at zero")
                        .build(),
                Break.<Setup>of("train-base-too", "The base weights stay trainable beside the adapters", Setup::withTrainBase)
                        .flips("base-unchanged", "the optimiser moves W0 as well")
                        .explainedIn("The mechanism")
                        .build(),
                Break.<Setup>of("merge-without-scale", "Merging folds B·A in without the α/r factor",
                                Setup::withUnscaledMerge)
                        .flips("merge-exact", "the merged weights are W0 + B·A while training used W0 + (α/r)·B·A")
                        .explainedIn("Merging: no inference cost")
                        .build(),
                Break.<Setup>of("full-rank-shift", "Task B differs from A by a full-rank change of the same size",
                                Setup::withFullRankShift)
                        .flips("low-rank-close", "a rank-1 adapter cannot express a full-rank change of the first layer")
                        .explainedIn("When low rank is enough")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int top = r.ranks().length - 1;
        double gain = r.baseMseB() - r.fullMse();
        return List.of(
                Claim.atMost("step0-identical", "At step 0 (B = 0) the adapted model outputs exactly the base model's: "
                        + "max |difference| over ranks", max(r.step0Diff()), 1e-6),
                Claim.atLeast("task-shift", "Task B needs adapting: the base model's test error on B / full fine-tuning's",
                        r.baseMseB() / r.fullMse(), 3),
                Claim.atLeast("low-rank-close", "Rank " + (int) r.ranks()[0] + " already recovers most of full "
                        + "fine-tuning's error reduction on B: LoRA's reduction / full's", (r.baseMseB() - r.testMse()[0]) / gain, 0.85),
                Claim.atMost("rank-approaches-full", "At rank " + (int) r.ranks()[top] + " LoRA's test error on B is close to "
                        + "full fine-tuning's: LoRA MSE / full MSE", r.testMse()[top] / r.fullMse(), 1.5),
                Claim.atMost("merge-exact", "Merged W0 + (α/r)·B·A gives the adapter path's outputs: max |difference| "
                        + "/ max |adapter output|, worst rank", max(r.mergeDiff()), 1e-4),
                Claim.atMost("base-unchanged", "The base weights W0 are unchanged after LoRA training: max |W0 − pretrained|",
                        max(r.baseDrift()), 0));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        NDManager m = ctx.manager();
        ShiftedTeacher teacher = new ShiftedTeacher(SIZES[0], 32, OUT, SHIFT, s.fullRankShift(), rnd);
        float[] xA = teacher.inputs(TRAIN, rnd);
        float[] yA = teacher.targets(xA, false);
        float[] xB = teacher.inputs(TRAIN, rnd);
        float[] yB = teacher.targets(xB, true);
        float[] xT = teacher.inputs(TEST, rnd);
        NDArray test = m.create(xT, new Shape(TEST, SIZES[0]));
        NDArray testA = m.create(teacher.targets(xT, false), new Shape(TEST, OUT));
        NDArray testB = m.create(teacher.targets(xT, true), new Shape(TEST, OUT));
        ctx.liveChart("loss", "Training loss: pretraining on A, then each adaptation to B (live)", "step",
                "mean squared error (smoothed)", true);
        int methods = RANKS.length + 2;
        double[][] curves = new double[methods][];

        LoraNet base = LoraNet.create(m, SIZES, rnd);
        base.base().forEach(p -> p.setRequiresGradient(true));
        curves[0] = train(base, xA, yA, s.pretrainSteps(), 1e-2, rnd, ctx, "pretrain on A", 0);
        base.base().forEach(p -> p.setRequiresGradient(false));
        List<float[]> pretrained = snapshot(base.base());
        double baseMseA = mse(base, test, testA);
        double baseMseB = mse(base, test, testB);
        NDArray baseOut = base.forward(test);
        ctx.progress(1, methods, "pretrained");

        LoraNet full = base.copy(true);
        curves[1] = train(full, xB, yB, s.steps(), 3e-3, rnd, ctx, "full fine-tune", s.pretrainSteps());
        double fullMse = mse(full, test, testB);
        ctx.progress(2, methods, "full fine-tune");

        int n = RANKS.length;
        double[] ranks = new double[n];
        double[] err = new double[n];
        double[] updated = new double[n];
        double[] formula = new double[n];
        double[] step0 = new double[n];
        double[] merge = new double[n];
        double[] drift = new double[n];
        for (int i = 0; i < n; i++) {
            int r = RANKS[i];
            ranks[i] = r;
            LoraNet lora = base.copy(s.trainBase());
            lora.addAdapters(r, s.alpha(), s.bInitStd() / Math.sqrt(r), rnd);
            formula[i] = lora.adapterFormula(r);
            List<float[]> before = snapshot(lora.all());
            step0[i] = maxAbsDiff(lora, test, baseOut);
            curves[2 + i] = train(lora, xB, yB, s.steps(), 1e-2, rnd, ctx, "LoRA r = " + r, s.pretrainSteps());
            err[i] = mse(lora, test, testB);
            updated[i] = changed(before, lora.all());
            drift[i] = maxDrift(pretrained, lora.base());
            try (NDManager sub = m.newSubManager()) {
                LoraNet merged = lora.merged(sub, s.mergeScaled() ? lora.scale() : 1);
                NDArray adapterOut = lora.forward(test);
                adapterOut.attach(sub);
                merge[i] = maxAbsDiff(merged, test, adapterOut) / adapterOut.abs().max().getFloat();
            }
            ctx.progress(3 + i, methods, "LoRA r = " + r);
        }
        return new Run(ranks, err, updated, formula, step0, merge, drift, baseMseA, baseMseB, fullMse,
                base.baseCount(), curves);
    }

    @Override
    public Presentation present(Run r) {
        int n = r.ranks().length;
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("full fine-tune", Claim.num(r.fullParams()), "100%", Claim.num(r.fullMse()), "", "", ""));
        for (int i = 0; i < n; i++) {
            rows.add(List.of("LoRA r = " + (int) r.ranks()[i], Claim.num(r.updated()[i]) + " (formula "
                            + Claim.num(r.formula()[i]) + ")", Claim.num(100 * r.updated()[i] / r.fullParams()) + "%",
                    Claim.num(r.testMse()[i]), Claim.num(r.step0Diff()[i]), Claim.num(r.mergeDiff()[i]),
                    Claim.num(r.baseDrift()[i])));
        }
        List<Series> loss = new ArrayList<>();
        String[] names = names(n);
        for (int k = 0; k < r.curves().length; k++) {
            double[] y = r.curves()[k];
            double[] x = new double[y.length];
            for (int j = 0; j < y.length; j++) {
                x[j] = 10.0 * j;
            }
            loss.add(new Series(names[k], x, y));
        }
        return Presentation.builder()
                .chart(Chart.line("error", "Test error on task B against LoRA rank", "rank r", "mean squared error",
                        List.of(new Series("LoRA", r.ranks(), r.testMse()),
                                new Series("full fine-tune", r.ranks(), constant(n, r.fullMse())),
                                new Series("base model (no adaptation)", r.ranks(), constant(n, r.baseMseB())))).withLog(true, true))
                .chart(Chart.line("loss", "Training loss per method (every 10 steps)", "step", "mean squared error (smoothed)",
                        loss).withLog(false, true))
                .table(new Table("methods", "Adapting an MLP " + Arrays.toString(SIZES) + " from task A to task B",
                        List.of("method", "entries updated", "of the model", "test MSE on B", "step-0 max |Δ|",
                                "merge max |Δ| / max |out|", "max |W0 drift|"), rows))
                .metric("base test MSE on A", r.baseMseA(), "")
                .metric("base test MSE on B", r.baseMseB(), "")
                .metric("full fine-tune test MSE on B", r.fullMse(), "")
                .metric("LoRA r = 1 entries / full", r.updated()[0] / r.fullParams(), "")
                .metric("entries changed vs Σ r(d_in + d_out): worst |counted / formula − 1|", worstCount(r), "")
                .note("Task B's teacher adds a rank-1 change to the first layer of task A's teacher, as large as that layer "
                        + "(Frobenius norm × " + SHIFT + "), so the function to learn moves along a low-rank direction "
                        + "(the full-rank-shift break makes the change full-rank)."
                        + " Adapters sit on "
                        + "every weight matrix; biases stay frozen. 'Entries updated' counts the model's entries (base and "
                        + "adapters) whose value differs after training; the formula Σ r(d_in + d_out) is shown beside it. "
                        + "They agree by construction (only the adapters are given to the optimiser), so the count is "
                        + "shown, not judged; base-unchanged is the check that the base stayed frozen.")
                .build();
    }

    // --- training and measuring ---------------------------------------------------------

    /** Adam on mini-batches of (x, y) for the arrays that require a gradient; returns the loss every 10 steps. */
    private static double[] train(LoraNet net, float[] x, float[] y, int steps, double lr, Random rnd, DemoContext ctx,
                                  String series, int offset) {
        int in = SIZES[0];
        int n = x.length / in;
        List<NDArray> params = net.trainable();
        ScopedOptimizer adam = ScopedOptimizer.adam(lr);
        double[] curve = new double[(steps + 9) / 10];
        double running = Double.NaN;
        NDManager m = ctx.manager();
        for (int step = 0; step < steps; step++) {
            ctx.checkCancelled();
            try (NDManager sub = m.newSubManager()) {
                float[] xb = new float[BATCH * in];
                float[] yb = new float[BATCH * OUT];
                for (int i = 0; i < BATCH; i++) {
                    int k = rnd.nextInt(n);
                    System.arraycopy(x, k * in, xb, i * in, in);
                    System.arraycopy(y, k * OUT, yb, i * OUT, OUT);
                }
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = net.forward(sub.create(xb, new Shape(BATCH, in))).sub(sub.create(yb, new Shape(BATCH, OUT))).square().mean();
                    gc.backward(loss);
                }
                for (int p = 0; p < params.size(); p++) {
                    NDArray g = params.get(p).getGradient();
                    g.attach(sub);
                    adam.update("p" + p, params.get(p), g);
                }
                double l = ctx.checkFinite(series + " loss", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.9 * running + 0.1 * l;
            }
            if (step % 10 == 0) {
                curve[step / 10] = running;
                ctx.point("loss", series, offset + step, running);
            }
        }
        return curve;
    }

    /** Mean squared error of the network's outputs against the targets. */
    private static double mse(LoraNet net, NDArray x, NDArray targets) {
        try (NDManager sub = x.getManager().newSubManager()) {
            sub.tempAttachAll(x, targets);
            return net.forward(x).sub(targets).square().mean().getFloat();
        }
    }

    private static double maxAbsDiff(LoraNet net, NDArray x, NDArray reference) {
        try (NDManager sub = x.getManager().newSubManager()) {
            sub.tempAttachAll(x, reference);
            return net.forward(x).sub(reference).abs().max().getFloat();
        }
    }

    private static List<float[]> snapshot(List<NDArray> arrays) {
        return arrays.stream().map(NDArray::toFloatArray).toList();
    }

    /** How many entries differ from their values before training. */
    private static double changed(List<float[]> before, List<NDArray> after) {
        long n = 0;
        for (int i = 0; i < before.size(); i++) {
            float[] b = before.get(i);
            float[] a = after.get(i).toFloatArray();
            for (int j = 0; j < b.length; j++) {
                if (a[j] != b[j]) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double maxDrift(List<float[]> pretrained, List<NDArray> now) {
        double worst = 0;
        for (int i = 0; i < pretrained.size(); i++) {
            float[] p = pretrained.get(i);
            float[] a = now.get(i).toFloatArray();
            for (int j = 0; j < p.length; j++) {
                worst = Math.max(worst, Math.abs(a[j] - p[j]));
            }
        }
        return worst;
    }

    /** Worst relative gap between the entries that changed and Σ r(d_in + d_out), over ranks (shown, not judged). */
    private static double worstCount(Run r) {
        double worst = 0;
        for (int i = 0; i < r.ranks().length; i++) {
            worst = Math.max(worst, Math.abs(r.updated()[i] / r.formula()[i] - 1));
        }
        return worst;
    }

    private static String[] names(int ranks) {
        String[] s = new String[ranks + 2];
        s[0] = "pretrain on A";
        s[1] = "full fine-tune";
        for (int i = 0; i < ranks; i++) {
            s[2 + i] = "LoRA r = " + RANKS[i];
        }
        return s;
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double[] constant(int n, double v) {
        double[] o = new double[n];
        Arrays.fill(o, v);
        return o;
    }
}
