package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Q19: SGD, momentum, Adam and AdamW on a 2-D valley and on a small MLP; warm-up and cosine
 * schedules; and the measured difference between AdamW's decoupled decay and L2 in the gradient.
 */
public final class OptimizersDemo extends LegacyDemo {
    public static final String ID = "optimizers-schedules";
    private static final double[] START = {-1.5, 2.0};

    private static final DemoSpec SPEC = new DemoSpec(ID, "Optimizers and learning-rate schedules",
            "SGD, heavy-ball momentum, Adam and AdamW written as NDArray update rules: trajectories on a curved 2-D "
                    + "valley, training curves of a small MLP under warm-up + cosine, and AdamW against Adam with L2.",
            List.of("q19-optimizers-schedules"),
            List.of(ParamSpec.ofInt("surfaceSteps", "Steps on the 2-D surface", 20, 2000, 400, 200, ""),
                    ParamSpec.ofDouble("surfaceLr", "SGD / momentum lr on the surface", 0.0005, 0.035, 0.01, 0.01,
                            "above about 0.03 plain SGD diverges across the valley (curvature ≈ 68 at the start)"),
                    ParamSpec.ofDouble("adamLr", "Adam / AdamW lr on the surface", 0.001, 0.5, 0.05, 0.05, ""),
                    ParamSpec.ofInt("netSteps", "MLP training steps", 50, 3000, 600, 150, ""),
                    ParamSpec.ofDouble("warmup", "Warm-up fraction of the MLP steps", 0, 0.5, 0.1, 0.1, ""),
                    ParamSpec.ofDouble("weightDecay", "λ for AdamW and for Adam + L2", 0, 1, 0.1, 0.1, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 7, 7, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        ctx.liveChart("surface-loss", "Loss on the 2-D valley", "step", "f(x, y)", true);
        ctx.liveChart("net-loss", "MLP training loss (warm-up + cosine)", "step", "cross-entropy (running mean)", true);

        List<String> names = List.of("SGD", "momentum 0.9", "Adam", "AdamW λ=" + Claim.num(ctx.params().getDouble("weightDecay")));
        double[][] surface = surfaceRuns(ctx, names);
        schedules(ctx);
        NetRuns net = new NetRuns(ctx);
        net.run(names);
        decayProbe(ctx);

        // Claims on the surface.
        ctx.claim(Claim.atLeast("On the valley, momentum ends far below plain SGD at the same lr: loss ratio SGD / momentum",
                surface[0][0] / Math.max(surface[1][0], 1e-12), 10));
        ctx.claim(Claim.near("Adam's first step moves every coordinate by lr (sign-like): |Δθ| / lr, largest coordinate",
                surface[2][1], 1, 1e-3));
        ctx.claim(Claim.atLeast("AdamW's decay pulls its end point towards the origin: distance from (1,1), AdamW − Adam",
                surface[3][2] - surface[2][2], 1e-3));
    }

    /** Runs each rule from the same start; returns per rule {final loss, first-step |Δ|/lr, final distance to (1,1)}. */
    private double[][] surfaceRuns(LegacyContext ctx, List<String> names) {
        int steps = ctx.params().getInt("surfaceSteps");
        double lr = ctx.params().getDouble("surfaceLr");
        double adamLr = ctx.params().getDouble("adamLr");
        double wd = ctx.params().getDouble("weightDecay");
        List<Supplier<UpdateRule>> rules = List.of(UpdateRule::sgd, () -> UpdateRule.momentum(0.9),
                UpdateRule::adam, () -> UpdateRule.adamW(wd));
        double[] lrs = {lr, lr, adamLr, adamLr};
        double[][] out = new double[4][3];
        List<Series> paths = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        NDManager m = ctx.manager();
        for (int r = 0; r < 4; r++) {
            UpdateRule rule = rules.get(r).get();
            NDArray p = m.create(new float[] {(float) START[0], (float) START[1]}); // (2)
            p.setRequiresGradient(true);
            double[] xs = new double[steps + 1];
            double[] ys = new double[steps + 1];
            xs[0] = START[0];
            ys[0] = START[1];
            double loss = Surface.value(START[0], START[1]);
            for (int s = 0; s < steps; s++) {
                try (NDManager sm = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray f = Surface.loss(p);
                        gc.backward(f);
                    }
                    NDArray g = p.getGradient(); // (2), a handle on p's gradient
                    g.attach(sm);
                    rule.apply(List.of(p), List.of(g), lrs[r]);
                    g.subi(g); // gradients accumulate across collectors: zero in place
                    float[] v = p.toFloatArray();
                    xs[s + 1] = v[0];
                    ys[s + 1] = v[1];
                    loss = ctx.checkFinite(names.get(r) + " loss on the surface", Surface.value(v[0], v[1]));
                    if (s == 0) {
                        out[r][1] = Math.max(Math.abs(v[0] - START[0]), Math.abs(v[1] - START[1])) / lrs[r];
                    }
                    if (s % 5 == 0 || s == steps - 1) {
                        ctx.point("surface-loss", names.get(r), s + 1, Math.max(loss, 1e-12));
                    }
                }
            }
            ctx.progress(r + 1, 10, "surface: " + names.get(r));
            out[r][0] = loss;
            out[r][2] = Math.hypot(xs[steps] - 1, ys[steps] - 1);
            paths.add(new Series(names.get(r), xs, ys));
            rows.add(List.of(names.get(r), Claim.num(lrs[r]), Claim.num(loss), Claim.num(out[r][2]),
                    Claim.num(xs[steps]) + ", " + Claim.num(ys[steps])));
        }
        List<Series> withContours = new ArrayList<>(contours());
        withContours.addAll(paths);
        withContours.add(new Series("start", new double[] {START[0]}, new double[] {START[1]}));
        withContours.add(new Series("minimum (1, 1)", new double[] {1}, new double[] {1}));
        ctx.chart(Chart.scatter("trajectories", "Trajectories over the contours of f (dots: level sets)", "x", "y",
                withContours));
        ctx.heatmap(landscape());
        ctx.table(new Table("surface", "After " + steps + " steps from (" + START[0] + ", " + START[1] + ")",
                List.of("optimizer", "lr", "final f", "distance to (1,1)", "end point"), rows));
        return out;
    }

    /** Points of the grid lying near a few level sets, drawn as dots to sketch contours. */
    private static List<Series> contours() {
        double[] levels = {0.05, 0.3, 1, 3, 10};
        List<Series> out = new ArrayList<>();
        for (double level : levels) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i <= 240; i++) {
                for (int j = 0; j <= 240; j++) {
                    double x = -2 + 4.0 * i / 240;
                    double y = -1 + 4.0 * j / 240;
                    if (Math.abs(Math.log(Surface.value(x, y) / level)) < 0.03) {
                        pts.add(new double[] {x, y});
                    }
                }
            }
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            out.add(new Series("f = " + Claim.num(level), xs, ys));
        }
        return out;
    }

    private static Heatmap landscape() {
        int n = 41;
        double[][] v = new double[n][n];
        List<String> rowNames = new ArrayList<>();
        List<String> colNames = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double y = 3 - 4.0 * r / (n - 1); // top row = largest y
            rowNames.add(Claim.num(y));
            for (int c = 0; c < n; c++) {
                double x = -2 + 4.0 * c / (n - 1);
                v[r][c] = Math.log10(Surface.value(x, y) + 1e-3);
            }
        }
        for (int c = 0; c < n; c++) {
            colNames.add(Claim.num(-2 + 4.0 * c / (n - 1)));
        }
        return new Heatmap("landscape", "log10 f(x, y) on [−2, 2] × [−1, 3]", "y", "x", v, rowNames, colNames);
    }

    private static void schedules(LegacyContext ctx) {
        int steps = ctx.params().getInt("netSteps");
        int warm = (int) Math.round(ctx.params().getDouble("warmup") * steps);
        double[] x = new double[steps];
        double[] wc = new double[steps];
        double[] cos = new double[steps];
        double[] flat = new double[steps];
        for (int s = 0; s < steps; s++) {
            x[s] = s;
            wc[s] = Schedule.warmupCosine(s, warm, steps, 1, 0.01);
            cos[s] = Schedule.warmupCosine(s, 0, steps, 1, 0.01);
            flat[s] = 1;
        }
        ctx.chart(Chart.line("schedules", "Learning-rate multiplier per step", "step", "lr / peak lr",
                List.of(new Series("warm-up " + warm + " steps + cosine", x, wc), new Series("cosine, no warm-up", x, cos),
                        new Series("constant", x, flat))));
        ctx.metric("lr multiplier at the end of warm-up", wc[Math.max(0, warm - 1)], "");
        ctx.metric("lr multiplier at the last step", wc[steps - 1], "");
    }

    /**
     * Pure weight decay, no data gradient: Adam + L2 normalises λ·w by its own RMS and moves each weight by
     * about lr per step whatever λ is; AdamW shrinks by (1 − lr·λ) per step.
     */
    private static void decayProbe(LegacyContext ctx) {
        int t = 100;
        double lr = 1e-3;
        double[] lambdas = {0.01, 1};
        double[] moveL2 = new double[2];
        double[] moveW = new double[2];
        NDManager m = ctx.manager();
        for (int i = 0; i < 2; i++) {
            for (int kind = 0; kind < 2; kind++) {
                UpdateRule rule = kind == 0 ? UpdateRule.adamL2(lambdas[i]) : UpdateRule.adamW(lambdas[i]);
                NDArray w = m.ones(new Shape(4)); // (4)
                NDArray zero = m.zeros(new Shape(4));
                for (int s = 0; s < t; s++) {
                    try (NDManager sm = m.newSubManager()) {
                        rule.apply(List.of(w), List.of(zero), lr);
                    }
                }
                double moved = 1 - w.getFloat(0);
                if (kind == 0) {
                    moveL2[i] = moved;
                } else {
                    moveW[i] = moved;
                }
            }
        }
        double expectW = 1 - Math.pow(1 - lr * lambdas[1], t);
        ctx.table(new Table("decay-probe", "Pure decay for " + t + " steps at lr " + lr + " (w₀ = 1, no data gradient)",
                List.of("rule", "λ = 0.01: 1 − w", "λ = 1: 1 − w", "ratio"),
                List.of(List.of("Adam + L2 (λ·w added to the gradient)", Claim.num(moveL2[0]), Claim.num(moveL2[1]),
                                Claim.num(moveL2[1] / moveL2[0])),
                        List.of("AdamW (w ← w·(1 − lr·λ))", Claim.num(moveW[0]), Claim.num(moveW[1]),
                                Claim.num(moveW[1] / moveW[0])))));
        ctx.claim(Claim.near("Adam + L2: the decay is normalised away, a 100× larger λ moves w the same: ratio",
                moveL2[1] / moveL2[0], 1, 0.02));
        ctx.claim(Claim.near("AdamW: the shrink matches 1 − (1 − lr·λ)^t for λ = 1 (measured / formula)",
                moveW[1] / expectW, 1, 1e-3));
    }

    /** The small-network part: one MLP init, the same batches, every optimiser. */
    private static final class NetRuns {
        private final LegacyContext ctx;
        private final int steps;
        private final int warm;
        private final double wd;
        private final ImageData train;
        private final ImageData test;
        private final long seed;

        NetRuns(LegacyContext ctx) {
            this.ctx = ctx;
            this.steps = ctx.params().getInt("netSteps");
            this.warm = (int) Math.round(ctx.params().getDouble("warmup") * steps);
            this.wd = ctx.params().getDouble("weightDecay");
            this.seed = ctx.params().getInt("seed");
            this.train = ImageData.generate(ctx.manager(), 4096, 8, 8, 0.6, seed);
            this.test = ImageData.generate(ctx.manager(), 2048, 8, 8, 0.6, seed + 1);
        }

        void run(List<String> names) {
            List<Supplier<UpdateRule>> rules = List.of(UpdateRule::sgd, () -> UpdateRule.momentum(0.9),
                    UpdateRule::adam, () -> UpdateRule.adamW(wd));
            double[] peaks = {0.2, 0.02, 3e-3, 3e-3};
            List<List<String>> rows = new ArrayList<>();
            Result[] res = new Result[4];
            for (int r = 0; r < 4; r++) {
                res[r] = train(rules.get(r).get(), peaks[r], true, names.get(r));
                rows.add(row(names.get(r), peaks[r], "warm-up + cosine", res[r]));
                ctx.progress(5 + r, 10, "MLP: " + names.get(r));
            }
            Result flat = train(UpdateRule.momentum(0.9), peaks[1], false, null);
            rows.add(row("momentum 0.9", peaks[1], "constant", flat));
            Result l2 = train(UpdateRule.adamL2(wd), peaks[3], true, null);
            rows.add(row("Adam + L2 λ=" + Claim.num(wd), peaks[3], "warm-up + cosine", l2));
            ctx.progress(10, 10, "MLP: constant lr and Adam + L2");
            ctx.table(new Table("mlp", "MLP 64-64-8 on 8×8 synthetic images, " + steps + " steps of batch 64",
                    List.of("optimizer", "peak lr", "schedule", "final train loss", "test accuracy", "‖W‖ (all weights)"),
                    rows));

            double diff;
            try (NDManager sm = ctx.manager().newSubManager()) {
                NDArray a = flatten(res[3].weights);
                NDArray b = flatten(l2.weights);
                diff = a.sub(b).norm().getFloat() / a.norm().getFloat();
            }
            ctx.metric("‖W_AdamW − W_Adam+L2‖ / ‖W_AdamW‖", diff, "");
            for (int r = 0; r < 4; r++) {
                ctx.claim(Claim.atLeast(names.get(r) + " trains the MLP: test accuracy", res[r].accuracy, 0.7));
            }
            ctx.note("The constant-lr row is a measurement, not a claim: in a short run a constant lr trains more "
                    + "(a larger average lr), so it can end lower; annealing pays off once the run is long enough "
                    + "to reach the lr-limited noise floor.");
            ctx.claim(Claim.atLeast("AdamW and Adam + L2 with the same λ end at different weights: relative difference",
                    diff, 0.05));
            ctx.claim(Claim.atLeast("The same λ is a far stronger penalty as L2 inside Adam: ‖W‖ AdamW / ‖W‖ Adam + L2",
                    res[3].norm / l2.norm, 1.5));
        }

        private static List<String> row(String name, double lr, String schedule, Result r) {
            return List.of(name, Claim.num(lr), schedule, Claim.num(r.loss), Claim.num(r.accuracy), Claim.num(r.norm));
        }

        private static NDArray flatten(List<NDArray> ws) {
            NDArray out = null;
            for (NDArray w : ws) {
                NDArray f = w.flatten();
                out = out == null ? f : out.concat(f);
            }
            return out;
        }

        record Result(double loss, double accuracy, double norm, List<NDArray> weights) {
        }

        private Result train(UpdateRule rule, double peak, boolean schedule, String series) {
            RawMlp net = RawMlp.create(ctx.manager(), new int[] {64, 64, 8}, seed);
            List<NDArray> params = net.params();
            double running = Double.NaN;
            for (int s = 0; s < steps; s++) {
                double lr = schedule ? Schedule.warmupCosine(s, warm, steps, peak, 0.01 * peak) : peak;
                try (NDManager sm = ctx.manager().newSubManager()) {
                    ImageData b = train.slice(s * 64, 64);
                    NDArray loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        loss = RawMlp.crossEntropy(net.forward(b.x()), b.y());
                        gc.backward(loss);
                    }
                    List<NDArray> grads = new ArrayList<>();
                    for (NDArray p : params) {
                        NDArray g = p.getGradient();
                        g.attach(sm);
                        grads.add(g);
                    }
                    rule.apply(params, grads, lr);
                    for (NDArray g : grads) {
                        g.subi(g); // gradients accumulate across collectors: zero them in place
                    }
                    double l = ctx.checkFinite("MLP loss", loss.getFloat());
                    running = Double.isNaN(running) ? l : 0.95 * running + 0.05 * l;
                    if (series != null && (s % 10 == 0 || s == steps - 1)) {
                        ctx.point("net-loss", series, s + 1, running);
                    }
                }
            }
            try (NDManager sm = ctx.manager().newSubManager()) {
                double loss = RawMlp.crossEntropy(net.forward(train.x()), train.y()).getFloat();
                double acc = RawMlp.accuracy(net.forward(test.x()), test.y());
                double norm = 0;
                for (int l = 0; l < net.layers(); l++) {
                    double n = net.weight(l).norm().getFloat();
                    norm += n * n;
                }
                return new Result(loss, acc, Math.sqrt(norm), List.of(net.weight(0), net.weight(1)));
            }
        }
    }
}
