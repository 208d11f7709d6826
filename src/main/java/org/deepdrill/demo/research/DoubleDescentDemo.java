package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Q15: double descent in random-features regression. Features are ReLU(W·x/√d) with a fixed random
 * W; only the output weights are fitted, in closed form (batched over independent trials, in
 * float64). As the feature count p passes the sample count n the minimum-norm fit first
 * interpolates the noise (test error peaks), then improves again; ridge removes the peak.
 */
public final class DoubleDescentDemo extends LegacyDemo {
    public static final String ID = "double-descent";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Double descent in random-features regression",
            "Fits the output layer of a random ReLU feature model in closed form for feature counts p from n/10 to 10n, "
                    + "over many independent draws. Shows the test-error peak at the interpolation threshold p = n, the "
                    + "second descent, the training error reaching zero, and how ridge regularisation flattens the peak.",
            List.of("q15-double-descent"),
            List.of(ParamSpec.ofInt("samples", "Training samples n", 20, 400, 100, 60, "the threshold is at p = n"),
                    ParamSpec.ofInt("inputDim", "Input dimension d", 2, 100, 20, 20, ""),
                    ParamSpec.ofDouble("noise", "Label noise std σ", 0, 2, 0.5, 0.5,
                            "the peak comes from fitting this noise exactly"),
                    ParamSpec.ofDouble("ridge", "Ridge strength λ", 1e-4, 10, 0.1, 0.1,
                            "the ridge curves use λ/10 and λ"),
                    ParamSpec.ofInt("trials", "Independent trials", 2, 200, 40, 16,
                            "each trial draws new data and new random features; the curve is the median"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, "")));

    private static final int TEST = 1000;
    private static final int STEPS_PER_DECADE = 12;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int n = ctx.params().getInt("samples");
        int d = ctx.params().getInt("inputDim");
        double noise = ctx.params().getDouble("noise");
        double ridge = ctx.params().getDouble("ridge");
        int trials = ctx.params().getInt("trials");
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
        NDManager m = ctx.manager();

        List<Integer> ps = new ArrayList<>();
        for (int k = -STEPS_PER_DECADE; k <= STEPS_PER_DECADE; k++) {
            int p = (int) Math.round(n * Math.pow(10, (double) k / STEPS_PER_DECADE));
            if (p >= 2 && (ps.isEmpty() || ps.get(ps.size() - 1) != p)) {
                ps.add(p);
            }
        }
        int pMax = ps.get(ps.size() - 1);
        long bytes = 8L * trials * (n + TEST) * pMax;
        if (bytes > 600_000_000L) {
            throw new org.deepdrill.demo.ParamException("Parameters 'trials' × 'samples' are too large: the feature matrices need "
                    + bytes / 1_000_000 + " MB (limit 600 MB); lower 'trials' or 'samples'");
        }

        // Data: y = ⟨β*, x⟩ + noise with ‖β*‖ = 1; test targets are noiseless.
        NDArray beta = m.randomNormal(0, 1, new Shape(trials, d, 1), DataType.FLOAT64); // (T,d,1)
        beta = beta.div(beta.square().sum(new int[] {1}, true).sqrt());
        NDArray xTrain = m.randomNormal(0, 1, new Shape(trials, n, d), DataType.FLOAT64); // (T,n,d)
        NDArray xTest = m.randomNormal(0, 1, new Shape(trials, TEST, d), DataType.FLOAT64); // (T,m,d)
        NDArray yTrain = xTrain.matMul(beta).add(m.randomNormal(0, (float) noise, new Shape(trials, n, 1), DataType.FLOAT64)); // (T,n,1)
        NDArray yTest = xTest.matMul(beta); // (T,m,1)
        NDArray w = m.randomNormal(0, 1, new Shape(trials, d, pMax), DataType.FLOAT64).div(org.deepdrill.demo.lib.train.Scalars.of(Math.sqrt(d))); // (T,d,P)
        NDArray fTrain = features(xTrain, w); // (T,n,P)
        NDArray fTest = features(xTest, w); // (T,m,P), the largest array: 320 MB at the defaults

        double[] lambdas = {0, ridge / 10, ridge};
        String[] names = {"min-norm (no ridge)", "ridge λ = " + Claim.num(ridge / 10), "ridge λ = " + Claim.num(ridge)};
        int np = ps.size();
        double[][] test = new double[3][np];
        double[] train = new double[np];
        double[] x = new double[np];
        ctx.liveChart("live", "Median test MSE against features p (live)", "features p", "test MSE", true);
        for (int i = 0; i < np; i++) {
            int p = ps.get(i);
            x[i] = p;
            try (NDManager s = m.newSubManager()) {
                // Slices are views; attached to s, everything derived from them is freed with s.
                NDArray rawTrain = fTrain.get(new NDIndex(":, :, :{}", p)); // (T,n,p)
                NDArray rawTest = fTest.get(new NDIndex(":, :, :{}", p)); // (T,m,p)
                rawTrain.attach(s);
                rawTest.attach(s);
                NDArray scale = org.deepdrill.demo.lib.train.Scalars.of(Math.sqrt(p));
                NDArray phi = rawTrain.div(scale); // (T,n,p)
                for (int l = 0; l < 3; l++) {
                    NDArray coef = solve(s, phi, yTrain, lambdas[l], n, p); // (T,p,1)
                    // (F/√p)·c = F·(c/√p): the 1/√p goes on the small coefficient vector, not on a (T,m,p) copy.
                    test[l][i] = medianMse(rawTest.matMul(coef.div(scale)), yTest);
                    if (l == 0) {
                        train[i] = medianMse(phi.matMul(coef), yTrain);
                    }
                    ctx.checkFinite("test error", test[l][i]);
                    ctx.point("live", names[l], p, test[l][i]);
                }
            }
            ctx.progress(i + 1, np, "p = " + p);
        }
        report(ctx, n, noise, ridge, ps, x, test, train, names);
    }

    /** ReLU(x·W), freeing the pre-activation at once rather than at the end of the run. */
    private static NDArray features(NDArray x, NDArray w) {
        try (NDArray pre = x.matMul(w)) {
            return Activation.relu(pre);
        }
    }

    /**
     * Ridge solution, minimum-norm as λ → 0: (ΦᵀΦ + λI)⁻¹Φᵀy when p ≤ n, Φᵀ(ΦΦᵀ + λI)⁻¹y when p > n.
     * A 1e-10 jitter keeps the exactly-square case p = n solvable.
     */
    private static NDArray solve(NDManager s, NDArray phi, NDArray y, double lambda, int n, int p) {
        double reg = lambda + 1e-10;
        NDArray phiT = phi.transpose(0, 2, 1); // (T,p,n)
        if (p <= n) {
            NDArray gram = phiT.matMul(phi).add(s.eye(p, p, 0, DataType.FLOAT64).mul(org.deepdrill.demo.lib.train.Scalars.of(reg))); // (T,p,p)
            return gram.inverse().matMul(phiT.matMul(y)); // (T,p,1)
        }
        NDArray kernel = phi.matMul(phiT).add(s.eye(n, n, 0, DataType.FLOAT64).mul(org.deepdrill.demo.lib.train.Scalars.of(reg))); // (T,n,n)
        return phiT.matMul(kernel.inverse().matMul(y)); // (T,p,1)
    }

    private static double medianMse(NDArray pred, NDArray y) {
        double[] perTrial = pred.sub(y).square().mean(new int[] {2}).mean(new int[] {1}).toDoubleArray(); // (T)
        return Fit.median(perTrial);
    }

    private void report(LegacyContext ctx, int n, double noise, double ridge, List<Integer> ps, double[] x,
                        double[][] test, double[] train, String[] names) {
        int np = x.length;
        int peak = argMax(test[0]);
        int last = np - 1;
        int atN = ps.indexOf(n);
        double underBest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < np; i++) {
            if (x[i] < 0.8 * n) {
                underBest = Math.min(underBest, test[0][i]);
            }
        }
        double ridgePeak = max(test[2]);
        double lo = Math.min(min(test[0]), min(train));
        double hi = max(test[0]);
        List<Series> series = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            series.add(new Series(names[l], x, test[l]));
        }
        series.add(new Series("train MSE (min-norm)", x, floor(train, lo)));
        series.add(new Series("threshold p = n", new double[] {n, n}, new double[] {Math.max(lo, 1e-6), hi}));
        ctx.chart(Chart.logLog("curve", "Test error against features p: double descent, threshold at p = n = " + n,
                "features p", "median MSE", series));

        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < np; i++) {
            rows.add(List.of(Integer.toString(ps.get(i)), Claim.num(x[i] / n), Claim.num(train[i]), Claim.num(test[0][i]),
                    Claim.num(test[1][i]), Claim.num(test[2][i])));
        }
        ctx.table(new Table("per-p", "Median errors per feature count", List.of("p", "p/n", "train (min-norm)",
                "test min-norm", "test " + names[1], "test " + names[2]), rows));

        ctx.metric("peak position p/n", x[peak] / n, "");
        ctx.metric("peak test MSE (min-norm)", test[0][peak], "");
        ctx.metric("test MSE at p = 10n (min-norm)", test[0][last], "");
        ctx.metric("best test MSE with p < 0.8n", underBest, "");
        ctx.metric("largest test MSE with ridge λ", ridgePeak, "");

        ctx.claim(Claim.between("The min-norm test error peaks at the interpolation threshold: p_peak / n",
                x[peak] / n, 0.8, 1.25));
        ctx.claim(Claim.atLeast("Second descent: peak error / error at p = 10n", test[0][peak] / test[0][last], 5));
        if (atN >= 0) {
            ctx.claim(Claim.atMost("At p ≥ n the min-norm fit interpolates: median train MSE at p = n",
                    train[atN], 1e-6));
        }
        ctx.claim(Claim.atMost("Ridge λ = " + Claim.num(ridge) + " flattens the peak: its largest error / min-norm peak",
                ridgePeak / test[0][peak], 0.2));
        ctx.claim(Claim.atMost("Far past the threshold the error is back below the best under-parameterised error: "
                + "error at 10n / best error at p < 0.8n", test[0][last] / underBest, 1.0));
        ctx.note("σ² = " + Claim.num(noise * noise) + " is the label-noise variance the interpolating fit absorbs. "
                + "Medians over trials: at p = n a few draws have near-singular feature matrices and their error is huge, "
                + "so the mean is larger still.");
    }

    private static double[] floor(double[] v, double lo) {
        double[] out = new double[v.length];
        double f = Math.max(lo, 1e-12) / 10;
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(v[i], Math.max(f, 1e-12));
        }
        return out;
    }

    private static int argMax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    private static double max(double[] v) {
        return v[argMax(v)];
    }

    private static double min(double[] v) {
        double b = Double.POSITIVE_INFINITY;
        for (double d : v) {
            b = Math.min(b, d);
        }
        return b;
    }
}
