package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Q15: double descent in random-features regression. Features are ReLU(W·x/√d) with a fixed random
 * W; only the output weights are fitted, in closed form (batched over independent trials, in
 * float64). As the feature count p passes the sample count n the minimum-norm fit first
 * interpolates the noise (test error peaks), then improves again; ridge removes the peak.
 */
public final class DoubleDescentDemo implements Demo<DoubleDescentDemo.Setup, DoubleDescentDemo.Run> {
    public static final String ID = "double-descent";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Double descent in random-features regression",
            "Fits the output layer of a random ReLU feature model in closed form for feature counts p from n/10 to 10n, "
                    + "over many independent draws. Shows the test-error peak at the interpolation threshold p = n, the "
                    + "exploding coefficient norm there, the second descent, and how ridge regularisation flattens the peak.",
            List.of("q15-double-descent"),
            List.of(ParamSpec.ofInt("samples", "Training samples n").range(20, 200).byDefault(100).quick(60)
                            .help("the threshold is at p = n"),
                    ParamSpec.ofInt("inputDim", "Input dimension d").range(2, 100).byDefault(20),
                    ParamSpec.ofDouble("noise", "Label noise std σ").range(0, 2).byDefault(0.5)
                            .help("the peak comes from fitting this noise exactly"),
                    ParamSpec.ofDouble("ridge", "Ridge strength λ").range(1e-4, 10).byDefault(0.1)
                            .help("the ridge curves use λ/10 and λ"),
                    ParamSpec.ofInt("trials", "Independent trials").range(2, 100).byDefault(40).quick(16)
                            .help("each trial draws new data and new random features; the curves are medians"),
                    ParamSpec.seed(5)));

    private static final int TEST = 1000;
    private static final int STEPS_PER_DECADE = 12;
    /** Bytes of feature matrices held at once; more trials are processed in chunks. */
    private static final long CHUNK_BYTES = 300_000_000L;

    /** Checked parameters. {@code baseLambda} is the penalty of the "unregularised" fit: 0 is min-norm. */
    public record Setup(int samples, int inputDim, double noise, double ridge, int trials, long seed, double baseLambda) {
    }

    /**
     * Per feature count p: median test MSE of the base fit, of ridge λ/10 and of ridge λ; median train
     * MSE and median coefficient norm ‖β̂‖ of the base fit.
     */
    public record Run(int n, double noise, double ridge, double[] p, double[] test, double[] testRidgeSmall,
                      double[] testRidge, double[] train, double[] coefNorm) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("samples"), p.getInt("inputDim"), p.getDouble("noise"), p.getDouble("ridge"),
                p.getInt("trials"), p.getInt("seed"), 0);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("ridge-everywhere",
                        "The base fit is ridge with λ instead of the minimum-norm interpolant",
                        s -> new Setup(s.samples(), s.inputDim(), s.noise(), s.ridge(), s.trials(), s.seed(), s.ridge()))
                .flips("peak-at-threshold", "with an explicit penalty the fit no longer interpolates the noise, so "
                        + "there is no peak at p = n")
                .flips("norm-peaks", "the penalty caps the coefficient norm at the threshold")
                .explainedIn("Why the peak: a derivation you can give in an interview")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int peak = argMax(r.test());
        int last = r.p().length - 1;
        double underBest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < r.p().length; i++) {
            if (r.p()[i] < 0.8 * r.n()) {
                underBest = Math.min(underBest, r.test()[i]);
            }
        }
        return List.of(
                Claim.between("peak-at-threshold", "The test error peaks at the interpolation threshold: p_peak / n",
                        r.p()[peak] / r.n(), 0.8, 1.25),
                Claim.between("norm-peaks", "The coefficient norm ‖β̂‖ explodes at the threshold: p of its peak / n",
                        r.p()[argMax(r.coefNorm())] / r.n(), 0.8, 1.25),
                Claim.atLeast("second-descent", "Second descent: peak error / error at p = 10n",
                        r.test()[peak] / r.test()[last], 5),
                Claim.atMost("ridge-flattens", "Ridge λ flattens the peak: its largest error / the unpenalised peak",
                        max(r.testRidge()) / r.test()[peak], 0.2),
                Claim.atMost("beats-underparameterised", "Far past the threshold the error is below the best "
                        + "under-parameterised error: error at 10n / best error at p < 0.8n", r.test()[last] / underBest, 1.0));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        int n = s.samples();
        List<Integer> ps = featureCounts(n);
        int np = ps.size();
        int pMax = ps.get(np - 1);
        int chunk = (int) Math.max(1, Math.min(s.trials(), CHUNK_BYTES / (8L * (n + TEST) * pMax)));
        double[] lambdas = {s.baseLambda(), s.ridge() / 10, s.ridge()};
        // per curve (test base, test λ/10, test λ, train base, norm base), per p, per trial
        double[][][] perTrial = new double[5][np][s.trials()];
        String[] live = {"min-norm (no ridge)", "ridge λ/10", "ridge λ"};
        ctx.liveChart("live", "Median test MSE against features p (live, first trials)", "features p", "test MSE", true);
        for (int t0 = 0; t0 < s.trials(); t0 += chunk) {
            int t = Math.min(chunk, s.trials() - t0);
            try (NDManager m = ctx.manager().newSubManager()) {
                measureChunk(m, s, ps, t, t0, lambdas, perTrial, t0 == 0 ? ctx : null, live);
            }
        }
        double[][] med = new double[5][np];
        double[] x = new double[np];
        for (int i = 0; i < np; i++) {
            x[i] = ps.get(i);
            for (int c = 0; c < 5; c++) {
                med[c][i] = Fit.median(perTrial[c][i]);
            }
            ctx.checkFinite("median test error at p = " + ps.get(i), med[0][i]);
        }
        return new Run(n, s.noise(), s.ridge(), x, med[0], med[1], med[2], med[3], med[4]);
    }

    @Override
    public Presentation present(Run r) {
        int n = r.n();
        double[] x = r.p();
        int np = x.length;
        double lo = Math.min(min(r.test()), min(r.train()));
        double hi = max(r.test());
        String l1 = "ridge λ = " + Claim.num(r.ridge() / 10);
        String l2 = "ridge λ = " + Claim.num(r.ridge());
        List<Series> series = List.of(new Series("min-norm (no ridge)", x, r.test()), new Series(l1, x, r.testRidgeSmall()),
                new Series(l2, x, r.testRidge()), new Series("train MSE (min-norm)", x, floor(r.train(), lo)),
                new Series("threshold p = n", new double[] {n, n}, new double[] {Math.max(lo, 1e-6), hi}));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < np; i++) {
            rows.add(List.of(Claim.num(x[i]), Claim.num(x[i] / n), Claim.num(r.train()[i]), Claim.num(r.test()[i]),
                    Claim.num(r.testRidgeSmall()[i]), Claim.num(r.testRidge()[i]), Claim.num(r.coefNorm()[i])));
        }
        int peak = argMax(r.test());
        int atN = indexOf(x, n);
        Presentation.Builder b = Presentation.builder()
                .chart(Chart.logLog("curve", "Test error against features p: double descent, threshold at p = n = " + n,
                        "features p", "median MSE", series))
                .chart(Chart.logLog("norm", "Median coefficient norm ‖β̂‖ of the unpenalised fit", "features p", "‖β̂‖",
                        List.of(new Series("‖β̂‖", x, r.coefNorm()))))
                .table(new Table("per-p", "Median errors per feature count", List.of("p", "p/n", "train (min-norm)",
                        "test min-norm", "test " + l1, "test " + l2, "‖β̂‖"), rows))
                .metric("peak position p/n", x[peak] / n, "")
                .metric("peak test MSE (min-norm)", r.test()[peak], "")
                .metric("test MSE at p = 10n (min-norm)", r.test()[np - 1], "")
                .metric("largest test MSE with " + l2, max(r.testRidge()), "");
        if (atN >= 0) {
            b.metric("median train MSE at p = n (an interpolant fits every label by construction)", r.train()[atN], "");
        }
        return b.note("σ² = " + Claim.num(r.noise() * r.noise()) + " is the label-noise variance the interpolating fit "
                        + "absorbs. Medians over trials: at p = n a few draws have near-singular feature matrices and their "
                        + "error is huge, so the mean is larger still.")
                .build();
    }

    // --- measurement ---------------------------------------------------------------------------

    private static List<Integer> featureCounts(int n) {
        List<Integer> ps = new ArrayList<>();
        for (int k = -STEPS_PER_DECADE; k <= STEPS_PER_DECADE; k++) {
            int p = (int) Math.round(n * Math.pow(10, (double) k / STEPS_PER_DECADE));
            if (p >= 2 && (ps.isEmpty() || ps.get(ps.size() - 1) != p)) {
                ps.add(p);
            }
        }
        return ps;
    }

    /** One chunk of {@code t} trials: data y = ⟨β*, x⟩ + noise with ‖β*‖ = 1, noiseless test targets. */
    private static void measureChunk(NDManager m, Setup s, List<Integer> ps, int t, int t0, double[] lambdas,
                                     double[][][] out, DemoContext live, String[] names) {
        int n = s.samples();
        int d = s.inputDim();
        int pMax = ps.get(ps.size() - 1);
        NDArray beta = m.randomNormal(0, 1, new Shape(t, d, 1), DataType.FLOAT64); // (T,d,1)
        beta = beta.div(beta.square().sum(new int[] {1}, true).sqrt());
        NDArray xTrain = m.randomNormal(0, 1, new Shape(t, n, d), DataType.FLOAT64); // (T,n,d)
        NDArray xTest = m.randomNormal(0, 1, new Shape(t, TEST, d), DataType.FLOAT64); // (T,m,d)
        NDArray yTrain = xTrain.matMul(beta)
                .add(m.randomNormal(0, (float) s.noise(), new Shape(t, n, 1), DataType.FLOAT64)); // (T,n,1)
        NDArray yTest = xTest.matMul(beta); // (T,m,1)
        NDArray w = m.randomNormal(0, 1, new Shape(t, d, pMax), DataType.FLOAT64).div(Math.sqrt(d)); // (T,d,P)
        NDArray fTrain = null; // (T,n,P), made after the first live point
        NDArray fTest = null; // (T,m,P), the largest array
        for (int i = 0; i < ps.size(); i++) {
            int p = ps.get(i);
            try (NDManager s2 = m.newSubManager()) {
                NDArray rawTrain; // (T,n,p)
                NDArray rawTest; // (T,m,p)
                if (i == 0 && live != null) {
                    // The smallest model first, from its own columns of w (a feature depends only on its
                    // column), so the live chart gets a point before the full feature matrices are built.
                    NDArray wp = w.get(new NDIndex(":, :, :{}", p)); // (T,d,p)
                    wp.attach(s2);
                    rawTrain = features(xTrain, wp);
                    rawTest = features(xTest, wp);
                } else {
                    if (fTrain == null) {
                        fTrain = features(xTrain, w);
                        fTest = features(xTest, w);
                    }
                    // Slices are views; attached to s2, everything derived from them is freed with s2.
                    rawTrain = fTrain.get(new NDIndex(":, :, :{}", p));
                    rawTest = fTest.get(new NDIndex(":, :, :{}", p));
                }
                rawTrain.attach(s2);
                rawTest.attach(s2);
                double scale = Math.sqrt(p);
                NDArray phi = rawTrain.div(scale); // (T,n,p)
                for (int l = 0; l < 3; l++) {
                    NDArray coef = solve(s2, phi, yTrain, lambdas[l], n, p); // (T,p,1)
                    // (F/√p)·c = F·(c/√p): the 1/√p goes on the small coefficient vector, not on a (T,m,p) copy.
                    copy(mse(rawTest.matMul(coef.div(scale)), yTest), out[l][i], t0);
                    if (l == 0) {
                        copy(mse(phi.matMul(coef), yTrain), out[3][i], t0);
                        copy(coef.square().sum(new int[] {2}).sum(new int[] {1}).sqrt().toDoubleArray(), out[4][i], t0);
                    }
                    if (live != null) {
                        live.point("live", names[l], p, Fit.median(java.util.Arrays.copyOfRange(out[l][i], 0, t)));
                    }
                }
            }
            if (live != null) {
                live.progress(i + 1, ps.size(), "p = " + p);
            }
        }
    }

    /** ReLU(x·W), freeing the pre-activation at once rather than at the end of the chunk. */
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
            NDArray gram = phiT.matMul(phi).add(s.eye(p, p, 0, DataType.FLOAT64).mul(reg)); // (T,p,p)
            return gram.inverse().matMul(phiT.matMul(y)); // (T,p,1)
        }
        NDArray kernel = phi.matMul(phiT).add(s.eye(n, n, 0, DataType.FLOAT64).mul(reg)); // (T,n,n)
        return phiT.matMul(kernel.inverse().matMul(y)); // (T,p,1)
    }

    /** Mean squared error per trial. */
    private static double[] mse(NDArray pred, NDArray y) {
        return pred.sub(y).square().mean(new int[] {2}).mean(new int[] {1}).toDoubleArray(); // (T)
    }

    private static void copy(double[] src, double[] dst, int offset) {
        System.arraycopy(src, 0, dst, offset, src.length);
    }

    private static double[] floor(double[] v, double lo) {
        double[] out = new double[v.length];
        double f = Math.max(Math.max(lo, 1e-12) / 10, 1e-12);
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(v[i], f);
        }
        return out;
    }

    private static int indexOf(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == target) {
                return i;
            }
        }
        return -1;
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
