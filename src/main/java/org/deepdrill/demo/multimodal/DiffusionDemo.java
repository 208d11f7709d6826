package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

/**
 * Q25: a DDPM on 2-D toy data. Checks the closed-form forward marginal against the step-by-step
 * chain, trains an ε-prediction MLP, samples with the learned reverse process, and measures the
 * energy distance of the samples to held-out data against a fitted Gaussian.
 */
public final class DiffusionDemo extends LegacyDemo {
    public static final String ID = "diffusion-ddpm";
    private static final int TIME_FEATURES = 16;

    private static final DemoSpec SPEC = new DemoSpec(ID, "DDPM on 2-D toy data",
            "Forward noising, an ε-prediction network trained on two moons or a spiral, the learned reverse "
                    + "process, and the energy distance of samples to the data against a Gaussian baseline.",
            List.of("q25-diffusion"),
            List.of(ParamSpec.ofChoice("data", "Data set", List.of("moons", "spiral"), "moons", "moons", ""),
                    ParamSpec.ofInt("diffusionSteps", "Diffusion steps T", 10, 400, 100, 100,
                            "β_t is linear and scaled by 1000/T"),
                    ParamSpec.ofInt("trainSteps", "Training steps", 100, 20000, 2500, 800, ""),
                    ParamSpec.ofInt("hidden", "Hidden width", 16, 512, 128, 96, "three hidden SiLU layers"),
                    ParamSpec.ofInt("batch", "Batch size", 16, 2048, 512, 512, ""),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)", 1e-5, 1e-1, 5e-3, 5e-3, "cosine decay to lr/20"),
                    ParamSpec.ofInt("samples", "Samples drawn", 200, 4000, 2000, 1500, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 7, 7, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        String kind = ctx.params().get("data");
        int bigT = ctx.params().getInt("diffusionSteps");
        int steps = ctx.params().getInt("trainSteps");
        int hidden = ctx.params().getInt("hidden");
        int batch = ctx.params().getInt("batch");
        int nSamples = ctx.params().getInt("samples");
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss ‖ε − ε̂‖² (running mean)", "step", "loss", true);
        ctx.liveChart("energy", "Energy distance of samples to held-out data during training", "step",
                "energy distance", true);

        int nTrain = 4000;
        NDArray data = m.create(ToyData2d.sample(kind, nTrain, seed), new Shape(nTrain, 2)); // (N,2)
        NDArray heldOut = m.create(ToyData2d.sample(kind, nSamples, seed + 1), new Shape(nSamples, 2)); // (S,2)
        NoiseSchedule sch = new NoiseSchedule(bigT);
        NDArray sqrtAb = m.create(sch.sqrtAlphaBar()); // (T)
        NDArray sqrtOneMinusAb = m.create(sch.sqrtOneMinusAlphaBar()); // (T)

        double chainRatio = forwardChainCheck(ctx, m, data, sch);
        forwardSnapshots(ctx, data, sqrtAb, sqrtOneMinusAb, sch);

        Weights w = new Weights(m, ctx.params().getDouble("lr"), steps);
        w.dense("in", 2 + TIME_FEATURES, hidden);
        w.dense("h1", hidden, hidden);
        w.dense("h2", hidden, hidden);
        w.dense("out", hidden, 2);
        NDArray freqs = m.create(timeFrequencies()); // (F/2)

        double running = Double.NaN;
        double firstLoss = Double.NaN;
        List<double[]> energyCurve = new ArrayList<>();
        int checkpoints = 4;
        long trainStart = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                NDArray idx = s.randomInteger(0, nTrain, new Shape(batch), DataType.INT64);
                NDArray t = s.randomInteger(0, bigT, new Shape(batch), DataType.INT64); // (B)
                // Results attach to their first operand's manager: start every chain from an array
                // of the step's manager, so the step's activations are freed with it.
                NDArray x0 = data.get(idx); // (B,2)
                x0.attach(s);
                NDArray a = sqrtAb.get(t).reshape(batch, 1);
                a.attach(s);
                NDArray sigma = sqrtOneMinusAb.get(t).reshape(batch, 1);
                sigma.attach(s);
                NDArray eps = s.randomNormal(new Shape(batch, 2)); // (B,2)
                NDArray xt = x0.mul(a).add(eps.mul(sigma)); // (B,2)
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray pred = epsilon(w, xt, t, freqs, bigT); // (B,2)
                    loss = pred.sub(eps).square().sum(new int[] {1}).mean();
                    gc.backward(loss);
                }
                w.step();
                double l = ctx.checkFinite("loss", loss.getFloat());
                firstLoss = Double.isNaN(firstLoss) ? l : firstLoss;
                running = Double.isNaN(running) ? l : 0.98 * running + 0.02 * l;
            }
            if (step % 20 == 0 || step == 1) {
                ctx.point("loss", "running loss", step, running);
                ctx.progress(step, steps, "training the noise predictor");
            }
            if (step % (steps / checkpoints) == 0 && step < steps) {
                try (NDManager s = m.newSubManager()) {
                    NDArray xs = sample(s, w, freqs, sch, 400, null);
                    NDArray ref = heldOut.get("0:400"); // (400,2)
                    ref.attach(s);
                    double e = Distances.energy(xs, ref);
                    energyCurve.add(new double[] {step, e});
                    ctx.point("energy", "DDPM samples", step, e);
                }
            }
        }

        double msPerStep = (System.nanoTime() - trainStart) / 1e6 / steps;
        // Final samples, with snapshots of the reverse process.
        List<Series> reverse = new ArrayList<>();
        NDArray samples = sample(m, w, freqs, sch, nSamples, reverse);
        NDArray gauss = gaussianLike(m, data, nSamples);
        NDArray dataAgain = m.create(ToyData2d.sample(kind, nSamples, seed + 2), new Shape(nSamples, 2));
        double eSamples = Distances.energy(samples, heldOut);
        double eGauss = Distances.energy(gauss, heldOut);
        double eData = Distances.energy(dataAgain, heldOut);
        ctx.point("energy", "DDPM samples", steps, eSamples);
        double radius = 0.1;
        double nearSamples = Distances.fractionNear(samples, data, radius);
        double nearGauss = Distances.fractionNear(gauss, data, radius);

        ctx.chart(Chart.scatter("reverse", "Learned reverse process p(x_{t−1} | x_t), from noise to data",
                "x", "y", reverse));
        ctx.chart(Chart.scatter("samples", "Samples against data", "x", "y",
                List.of(Plots.points("held-out data", heldOut, 800), Plots.points("DDPM samples", samples, 800),
                        Plots.points("Gaussian fit (baseline)", gauss, 800))));
        ctx.table(new Table("distances", "Energy distance to " + nSamples + " held-out data points (lower is better)",
                List.of("source", "energy distance", "within " + radius + " of a data point"),
                List.of(List.of("second draw of the data (floor)", Claim.num(eData),
                                Claim.num(Distances.fractionNear(dataAgain, data, radius))),
                        List.of("DDPM samples", Claim.num(eSamples), Claim.num(nearSamples)),
                        List.of("Gaussian with the data's mean and covariance", Claim.num(eGauss),
                                Claim.num(nearGauss)))));
        ctx.metric("ᾱ_T", sch.alphaBar[bigT - 1], "");
        ctx.metric("energy distance, DDPM", eSamples, "");
        ctx.metric("energy distance, Gaussian baseline", eGauss, "");
        ctx.metric("energy distance, data vs data", eData, "");
        ctx.metric("parameters", w.count(), "");
        ctx.metric("training time per step (incl. checkpoints)", msPerStep, "ms");

        ctx.claim(Claim.atMost("The schedule ends in noise: √ᾱ_T", Math.sqrt(sch.alphaBar[bigT - 1]), 0.1));
        ctx.claim(Claim.near("Closed-form marginal q(x_t|x_0) matches the step-by-step chain: variance ratio at t = T/2",
                chainRatio, 1.0, 0.08));
        ctx.claim(Claim.atMost("Training lowers the ε-prediction loss: final / first", running / firstLoss, 0.8));
        ctx.claim(Claim.atMost("DDPM samples are closer to the data than a fitted Gaussian: energy distance ratio",
                eSamples / eGauss, 0.6));
        ctx.claim(Claim.atLeast("DDPM samples lie on the data manifold more often than Gaussian ones: "
                + "fraction within " + radius + ", DDPM − Gaussian", nearSamples - nearGauss, 0.15));
        ctx.note("The loss never approaches zero: ε is random, so even a perfect model predicts only E[ε | x_t], "
                + "and the loss floor is the conditional variance of ε, largest at small t.");
    }

    /** ε̂(x_t, t): an MLP on [x_t, sinusoidal features of t]. */
    private static NDArray epsilon(Weights w, NDArray xt, NDArray t, NDArray freqs, int bigT) {
        long b = xt.getShape().get(0);
        NDArray phase = t.toType(DataType.FLOAT32, false).div(bigT).reshape(b, 1).mul(freqs.reshape(1, -1)); // (B,F/2)
        NDArray h = NDArrays.concat(new NDList(xt, phase.sin(), phase.cos()), 1); // (B,2+F)
        h = silu(w.apply("in", h)); // (B,H)
        h = silu(w.apply("h1", h));
        h = silu(w.apply("h2", h));
        return w.apply("out", h); // (B,2)
    }

    private static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Geometric frequencies from 1 to ~300 rad per unit of t/T. */
    private static float[] timeFrequencies() {
        float[] f = new float[TIME_FEATURES / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.pow(300.0, i / (double) (f.length - 1));
        }
        return f;
    }

    /**
     * Ancestral sampling: x_{t−1} = (x_t − β_t/√(1−ᾱ_t)·ε̂)/√α_t + σ_t·z. Adds four snapshots to
     * {@code snaps} when it is not null.
     */
    private static NDArray sample(NDManager m, Weights w, NDArray freqs, NoiseSchedule sch, int n, List<Series> snaps) {
        int bigT = sch.steps;
        NDArray x = m.randomNormal(new Shape(n, 2)); // (n,2)
        int[] show = {bigT - 1, (2 * bigT) / 3, bigT / 3, 0};
        for (int t = bigT - 1; t >= 0; t--) {
            NDArray next;
            // One manager per reverse step: x moves into it, so the step's activations are freed
            // with it and only x_{t−1} survives.
            try (NDManager s = m.newSubManager()) {
                x.attach(s);
                NDArray tt = s.full(new Shape(n), t, DataType.INT64);
                NDArray eps = epsilon(w, x, tt, freqs, bigT); // (n,2)
                double beta = sch.beta[t];
                NDArray mean = x.sub(eps.mul(org.deepdrill.demo.lib.train.Scalars.of((float) (beta / Math.sqrt(1 - sch.alphaBar[t]))))).div(org.deepdrill.demo.lib.train.Scalars.of((float) Math.sqrt(1 - beta)));
                double var = sch.posteriorVariance(t);
                next = var > 0 ? mean.add(s.randomNormal(new Shape(n, 2)).mul(org.deepdrill.demo.lib.train.Scalars.of((float) Math.sqrt(var)))) : mean;
                next.attach(m);
            }
            x = next;
            if (snaps != null) {
                for (int s : show) {
                    if (s == t) {
                        snaps.add(Plots.points("x_" + t + (t == 0 ? " (samples)" : ""), x, 400));
                    }
                }
            }
        }
        return x;
    }

    /** Iterates x_t = √(1−β_t)x_{t−1} + √β_t·ε to T/2 and compares Var(x_t − √ᾱ_t·x_0) with 1 − ᾱ_t. */
    private static double forwardChainCheck(LegacyContext ctx, NDManager m, NDArray data, NoiseSchedule sch) {
        int half = sch.steps / 2;
        try (NDManager s = m.newSubManager()) {
            NDArray x = data.duplicate();
            for (int t = 0; t <= half; t++) {
                x = x.mul(org.deepdrill.demo.lib.train.Scalars.of((float) Math.sqrt(1 - sch.beta[t])))
                        .add(s.randomNormal(data.getShape()).mul(org.deepdrill.demo.lib.train.Scalars.of((float) Math.sqrt(sch.beta[t]))));
            }
            NDArray resid = x.sub(data.mul(org.deepdrill.demo.lib.train.Scalars.of((float) Math.sqrt(sch.alphaBar[half])))); // (N,2)
            double var = resid.square().mean().getFloat() - Math.pow(resid.mean().getFloat(), 2);
            double expected = 1 - sch.alphaBar[half];
            ctx.metric("chain variance at T/2", var, "");
            ctx.metric("closed-form 1 − ᾱ at T/2", expected, "");
            return var / expected;
        }
    }

    private static void forwardSnapshots(LegacyContext ctx, NDArray data, NDArray sqrtAb, NDArray sqrtOneMinusAb,
                                         NoiseSchedule sch) {
        int bigT = sch.steps;
        List<Series> s = new ArrayList<>();
        NDArray x0 = data.get("0:400"); // (400,2)
        for (int t : new int[] {0, bigT / 10, bigT / 3, bigT - 1}) {
            float a = sqrtAb.getFloat(t);
            float b = sqrtOneMinusAb.getFloat(t);
            NDArray xt = x0.mul(org.deepdrill.demo.lib.train.Scalars.of(a)).add(x0.getManager().randomNormal(x0.getShape()).mul(org.deepdrill.demo.lib.train.Scalars.of(b)));
            s.add(Plots.points("x_" + t + " (ᾱ=" + Claim.num(sch.alphaBar[t]) + ")", xt, 400));
        }
        ctx.chart(Chart.scatter("forward", "Forward noising q(x_t | x_0) = N(√ᾱ_t·x_0, (1−ᾱ_t)I)", "x", "y", s));
    }

    /** Samples from a Gaussian with the data's mean and covariance (Cholesky of the 2×2 covariance). */
    private static NDArray gaussianLike(NDManager m, NDArray data, int n) {
        float[] v = data.toFloatArray();
        int count = v.length / 2;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < count; i++) {
            mx += v[2 * i];
            my += v[2 * i + 1];
        }
        mx /= count;
        my /= count;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < count; i++) {
            double dx = v[2 * i] - mx;
            double dy = v[2 * i + 1] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        sxx /= count;
        sxy /= count;
        syy /= count;
        double l11 = Math.sqrt(sxx);
        double l21 = sxy / l11;
        double l22 = Math.sqrt(Math.max(1e-12, syy - l21 * l21));
        NDArray z = m.randomNormal(new Shape(n, 2)); // (n,2)
        NDArray chol = m.create(new float[] {(float) l11, (float) l21, 0f, (float) l22}, new Shape(2, 2)); // Lᵀ
        return z.matMul(chol).add(m.create(new float[] {(float) mx, (float) my}));
    }
}
