package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q14: a scaling law in miniature. One-hidden-layer ReLU networks of widths 2 … maxWidth learn the
 * same smooth target from fresh samples (so only model size limits them). All widths and seeds
 * train at once as column blocks of one wide layer; the loss is a sum over models, so each model's
 * gradient and Adam update are exactly those of training it alone. Fits L(N) = a·N^−α + c.
 */
public final class ScalingLawsDemo extends LegacyDemo {
    public static final String ID = "scaling-laws";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Scaling laws: loss against model size",
            "Trains a family of one-hidden-layer networks of growing width on the same synthetic regression task, "
                    + "fits L(N) = a·N^−α + c on log-log axes, gives α with a bootstrap uncertainty, and checks "
                    + "that a fit on the small models predicts the largest one.",
            List.of("q14-scaling-laws"),
            List.of(ParamSpec.ofInt("maxWidth", "Largest hidden width", 16, 1024, 256, 64,
                            "widths grow by √2 from 4 up to this value"),
                    ParamSpec.ofInt("steps", "Training steps", 200, 20000, 1500, 600, "Adam with cosine decay"),
                    ParamSpec.ofInt("seeds", "Seeds per width", 1, 8, 3, 5, "the loss is averaged over seeds; the bootstrap resamples them"),
                    ParamSpec.ofInt("inputDim", "Input dimension d", 1, 8, 2, 2,
                            "the exponent depends on the task: try 1, 2 and 4"),
                    ParamSpec.ofDouble("noise", "Label noise std σ", 0, 1, 0.1, 0.1, "the loss floor is σ²"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 11, 11, "")));

    private static final int BATCH = 256;
    private static final int COMPONENTS = 48;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int maxWidth = ctx.params().getInt("maxWidth");
        int steps = ctx.params().getInt("steps");
        int seeds = ctx.params().getInt("seeds");
        int d = ctx.params().getInt("inputDim");
        double noise = ctx.params().getDouble("noise");
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed);
        NDManager m = ctx.manager();

        List<Integer> widthList = new ArrayList<>();
        for (int k = 4; ; k++) {
            int w = (int) Math.round(Math.pow(2, k / 2.0));
            if (w > maxWidth) {
                break;
            }
            if (widthList.isEmpty() || widthList.get(widthList.size() - 1) != w) {
                widthList.add(w);
            }
        }
        int nw = widthList.size();
        int models = nw * seeds; // model index = width index · seeds + seed index
        int hidden = 0;
        for (int w : widthList) {
            hidden += w * seeds;
        }

        Teacher teacher = new Teacher(m, d, rnd);
        float[] assign = new float[hidden * models];
        float[] outScale = new float[hidden];
        int col = 0;
        for (int wi = 0; wi < nw; wi++) {
            for (int s = 0; s < seeds; s++) {
                int w = widthList.get(wi);
                for (int j = 0; j < w; j++) {
                    assign[col * models + wi * seeds + s] = 1f;
                    outScale[col] = (float) (1 / Math.sqrt(w));
                    col++;
                }
            }
        }
        NDArray assignment = m.create(assign, new Shape(hidden, models)); // (H,M) which model owns a unit
        AdamState net = new AdamState();
        NDArray w1 = net.add(m.randomNormal(0, (float) Math.sqrt(2.0 / d), new Shape(d, hidden), DataType.FLOAT32)); // (d,H)
        NDArray b1 = net.add(m.randomUniform(-1, 1, new Shape(hidden))); // (H)
        NDArray w2 = net.add(m.randomNormal(new Shape(hidden)).mul(m.create(outScale))); // (H)
        NDArray b2 = net.add(m.zeros(new Shape(models))); // (M)

        NDArray testX = m.randomUniform(-1, 1, new Shape(4096, d)); // (T,d)
        NDArray testY = teacher.f(testX).add(m.randomNormal(0, (float) noise, new Shape(4096, 1), DataType.FLOAT32)); // (T,1)

        ctx.liveChart("training", "Test loss during training, per width (live)", "step", "test MSE", true);
        int evals = 20;
        double[] finalLoss = new double[models];
        double lr0 = 1e-2;
        for (int step = 0; step <= steps; step++) {
            if (step % Math.max(1, steps / evals) == 0 || step == steps) {
                double[] perModel = testLoss(ctx, net, testX, testY, assignment);
                for (int wi = 0; wi < nw; wi += Math.max(1, nw / 6)) {
                    ctx.point("training", "width " + widthList.get(wi), step, meanOverSeeds(perModel, wi, seeds));
                }
                if (step == steps) {
                    finalLoss = perModel;
                }
                ctx.progress(step, steps, "step " + step);
            }
            if (step == steps) {
                break;
            }
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.randomUniform(-1, 1, new Shape(BATCH, d)); // (B,d)
                NDArray y = teacher.f(x).add(s.randomNormal(0, (float) noise, new Shape(BATCH, 1), DataType.FLOAT32)); // (B,1)
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = forward(net, x, assignment); // (B,M)
                    NDArray loss = out.sub(y).square().mean(new int[] {0}).sum(); // sum of per-model MSE
                    gc.backward(loss);
                    if (step % 100 == 0) {
                        ctx.checkFinite("loss", loss.getFloat() / models);
                    }
                }
                double lr = lr0 * 0.5 * (1 + Math.cos(Math.PI * step / steps));
                net.step(lr);
            }
        }
        report(ctx, widthList, seeds, d, noise, finalLoss, rnd);
    }

    private static NDArray forward(AdamState net, NDArray x, NDArray assignment) {
        NDArray h = x.matMul(net.get(0)).add(net.get(1)); // (B,H)
        h = Activation.relu(h);
        return h.mul(net.get(2)).matMul(assignment).add(net.get(3)); // (B,M)
    }

    private static double[] testLoss(LegacyContext ctx, AdamState net, NDArray x, NDArray y, NDArray assignment) {
        try (NDManager s = ctx.manager().newSubManager()) {
            s.tempAttachAll(new NDList(x, y));
            NDArray out = forward(net, x, assignment); // (T,M)
            float[] v = out.sub(y).square().mean(new int[] {0}).toFloatArray();
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = v[i];
            }
            return r;
        }
    }

    private static double meanOverSeeds(double[] perModel, int wi, int seeds) {
        double s = 0;
        for (int k = 0; k < seeds; k++) {
            s += perModel[wi * seeds + k];
        }
        return s / seeds;
    }

    private void report(LegacyContext ctx, List<Integer> widths, int seeds, int d, double noise, double[] perModel, Random rnd) {
        int nw = widths.size();
        double[] n = new double[nw];
        double[] loss = new double[nw];
        for (int wi = 0; wi < nw; wi++) {
            n[wi] = widths.get(wi) * (d + 2) + 1; // W1, b1, w2 per unit, plus the output bias
            loss[wi] = meanOverSeeds(perModel, wi, seeds);
        }
        PowerLaw.Result fit = PowerLaw.fit(n, loss);
        PowerLaw.Result pure = PowerLaw.pure(n, loss);
        double boot = bootstrapAlphaStd(n, perModel, nw, seeds, rnd);
        double unc = seeds > 1 ? Math.max(boot, fit.alphaStdErr()) : fit.alphaStdErr();

        double[] fitted = new double[nw];
        double[] reducible = new double[nw];
        double[] reducibleFit = new double[nw];
        for (int i = 0; i < nw; i++) {
            fitted[i] = fit.at(n[i]);
            reducible[i] = Math.max(1e-12, loss[i] - fit.c());
            reducibleFit[i] = fit.a() * Math.pow(n[i], -fit.alpha());
        }
        ctx.chart(Chart.logLog("fit", "Test loss against parameters N, with L(N) = a·N^−α + c", "parameters N", "test MSE",
                List.of(new Series("measured", n, loss), new Series("fit a·N^−α + c", n, fitted),
                        new Series("measured − c", n, reducible), new Series("a·N^−α", n, reducibleFit))));

        // Extrapolation: fit on all but the two largest widths, predict the largest.
        int keep = nw - 2;
        double[] nSmall = java.util.Arrays.copyOf(n, keep);
        double[] lSmall = java.util.Arrays.copyOf(loss, keep);
        PowerLaw.Result early = PowerLaw.fit(nSmall, lSmall);
        double predicted = early.at(n[nw - 1]);
        double predErr = Math.abs(predicted - loss[nw - 1]) / loss[nw - 1];
        double purePred = pure(nSmall, lSmall).at(n[nw - 1]);
        double purePredErr = Math.abs(purePred - loss[nw - 1]) / loss[nw - 1];
        ctx.chart(Chart.logLog("extrapolation", "Fit on the smaller models, extrapolated to the largest", "parameters N",
                "test MSE", List.of(new Series("measured", n, loss), new Series("fit on the first " + keep + " widths",
                        n, curve(early, n)), new Series("pure power law on the same widths", n, curve(pure(nSmall, lSmall), n)))));

        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < nw; i++) {
            rows.add(List.of(Integer.toString(widths.get(i)), Integer.toString((int) n[i]), Claim.num(loss[i]),
                    Claim.num(fitted[i])));
        }
        ctx.table(new Table("per-width", "Final test loss per width (mean over " + seeds + " seeds)",
                List.of("width", "parameters N", "test MSE", "fit"), rows));

        ctx.metric("α", fit.alpha(), "");
        ctx.metric("α uncertainty (1 s.d.)", unc, "");
        ctx.metric("a", fit.a(), "");
        ctx.metric("c (irreducible loss)", fit.c(), "");
        ctx.metric("label-noise variance σ²", noise * noise, "");
        ctx.metric("α of a pure power law (c = 0)", pure.alpha(), "");
        ctx.metric("predicted loss of the largest model", predicted, "");
        ctx.metric("measured loss of the largest model", loss[nw - 1], "");

        ctx.claim(Claim.atMost("Loss falls with size: L(largest)/L(smallest)", loss[nw - 1] / loss[0], 0.4));
        ctx.claim(Claim.atLeast("L(N) = a·N^−α + c fits the measured losses: R² of log L", fit.r2Log(), 0.95));
        ctx.claim(Claim.atLeast("The exponent α = " + Claim.num(fit.alpha()) + " ± " + Claim.num(unc)
                + " is resolved: α / uncertainty", fit.alpha() / unc, 3));
        if (noise > 0 && loss[nw - 1] < 1.5 * noise * noise) {
            ctx.claim(Claim.between("The fitted floor c sits at the label-noise variance: c/σ²",
                    fit.c() / (noise * noise), 0.7, 1.6));
        }
        if (noise > 0 && loss[nw - 1] >= 1.5 * noise * noise) {
            ctx.note("The largest model is still above 1.5·σ², so the floor c is not yet identified; raise maxWidth or steps to see c approach σ².");
        }
        ctx.claim(Claim.atMost("A fit on the smaller widths predicts the largest model's loss: relative error",
                predErr, 0.4));
        ctx.note(String.format(java.util.Locale.ROOT,
                "α = %.3f ± %.3f (%s), a = %.3g, c = %.4g; σ² = %.4g. A pure power law (c = 0) gives α = %.3f and "
                        + "misses the largest model by %.0f%% against %.0f%% with c.", fit.alpha(), unc,
                seeds > 1 ? "larger of the bootstrap over seeds and the slope's standard error" : "slope standard error",
                fit.a(), fit.c(), noise * noise, pure.alpha(), 100 * purePredErr, 100 * predErr));
    }

    private static PowerLaw.Result pure(double[] n, double[] l) {
        return PowerLaw.pure(n, l);
    }

    private static double[] curve(PowerLaw.Result r, double[] n) {
        double[] out = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            out[i] = r.at(n[i]);
        }
        return out;
    }

    /** Standard deviation of α when each width's seeds are resampled with replacement. */
    private static double bootstrapAlphaStd(double[] n, double[] perModel, int nw, int seeds, Random rnd) {
        if (seeds < 2) {
            return 0;
        }
        int reps = 200;
        double[] alphas = new double[reps];
        for (int b = 0; b < reps; b++) {
            double[] l = new double[nw];
            for (int wi = 0; wi < nw; wi++) {
                double s = 0;
                for (int k = 0; k < seeds; k++) {
                    s += perModel[wi * seeds + rnd.nextInt(seeds)];
                }
                l[wi] = s / seeds;
            }
            alphas[b] = PowerLaw.fit(n, l).alpha();
        }
        double mean = org.deepdrill.demo.lib.stats.Fit.mean(alphas);
        double v = 0;
        for (double a : alphas) {
            v += (a - mean) * (a - mean);
        }
        return Math.sqrt(v / (reps - 1));
    }

    /** A smooth random target: a sum of sinusoids whose amplitudes fall as 1/j with frequency rank j. */
    private static final class Teacher {
        final NDArray omega; // (d,J)
        final NDArray phase; // (J)
        final NDArray amp; // (J,1)

        Teacher(NDManager m, int d, Random rnd) {
            float[] om = new float[d * COMPONENTS];
            float[] ph = new float[COMPONENTS];
            float[] am = new float[COMPONENTS];
            double norm = 0;
            for (int j = 0; j < COMPONENTS; j++) {
                double freq = 1 + 0.25 * j; // radians per unit, growing with j
                double[] dir = new double[d];
                double len = 0;
                for (int i = 0; i < d; i++) {
                    dir[i] = rnd.nextGaussian();
                    len += dir[i] * dir[i];
                }
                for (int i = 0; i < d; i++) {
                    om[i * COMPONENTS + j] = (float) (freq * dir[i] / Math.sqrt(len));
                }
                ph[j] = (float) (2 * Math.PI * rnd.nextDouble());
                am[j] = (float) (1.0 / (j + 1));
                norm += am[j] * am[j] / 2;
            }
            for (int j = 0; j < COMPONENTS; j++) {
                am[j] /= (float) Math.sqrt(norm); // target variance ≈ 1
            }
            omega = m.create(om, new Shape(d, COMPONENTS));
            phase = m.create(ph);
            amp = m.create(am, new Shape(COMPONENTS, 1));
        }

        NDArray f(NDArray x) {
            NDArray z = x.matMul(omega.toDevice(x.getDevice(), false)).add(phase); // (B,J)
            return z.sin().matMul(amp); // (B,1)
        }
    }
}
