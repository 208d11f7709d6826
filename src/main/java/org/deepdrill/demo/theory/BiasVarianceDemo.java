package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Q33: the bias-variance decomposition, measured. R independent training sets of n noisy points
 * from f(x) = sin(πx + 0.6) + 0.5·sin(2πx); a least-squares polynomial of each degree is fitted to every
 * set in one batched solve. Bias², variance and noise are estimated over the R fits on a test grid
 * and their sum is compared with the test error measured on fresh noisy labels.
 */
public final class BiasVarianceDemo extends LegacyDemo {
    public static final String ID = "bias-variance";
    private static final int TEST_POINTS = 200;
    private static final int SHOWN_FITS = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Bias and variance across model complexity",
            "Fits polynomials of degree 0 to a maximum to many resampled noisy training sets at once and splits the "
                    + "expected test error into bias², variance and noise, checked against the measured test error.",
            List.of("q33-bias-variance"),
            List.of(ParamSpec.ofInt("datasets", "Training sets R", 50, 20_000, 2000, 600, "independent resamples"),
                    ParamSpec.ofInt("points", "Points per training set n", 5, 500, 30, 30, ""),
                    ParamSpec.ofDouble("noise", "Noise std σ", 0.01, 2, 0.3, 0.3, "irreducible error is σ²"),
                    ParamSpec.ofInt("maxDegree", "Largest polynomial degree", 2, 20, 12, 12, ""),
                    ParamSpec.ofDouble("ridge", "Ridge λ added to XᵀX", 0, 10, 1e-3, 1e-3,
                            "a small ridge keeps rare near-singular draws from dominating; raise it to shrink the variance"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 2, 2, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    static NDArray target(NDArray x) {
        return x.mul(Math.PI).add(0.6).sin().add(x.mul(2 * Math.PI).sin().mul(0.5));
    }

    @Override
    protected void run(LegacyContext ctx) {
        int r = ctx.params().getInt("datasets");
        int n = ctx.params().getInt("points");
        double sigma = ctx.params().getDouble("noise");
        int maxDegree = ctx.params().getInt("maxDegree");
        double ridge = ctx.params().getDouble("ridge");
        if (maxDegree + 1 > n) {
            throw new ParamException("Parameter 'maxDegree' must be below 'points' (" + n + ") so that every fit is "
                    + "determined, got " + maxDegree);
        }
        // Features (R,n,p) and their transpose and products, plus predictions and test labels (R,T).
        Num.checkMemory(8.0 * r * (3.0 * n * (maxDegree + 1) + 4.0 * TEST_POINTS), "'datasets', 'points' and 'maxDegree'");
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
        NDManager m = ctx.manager();
        NDArray x = m.randomUniform(-1, 1, new Shape(r, n), DataType.FLOAT64); // (R,n)
        NDArray y = target(x).add(m.randomNormal(new Shape(r, n)).toType(DataType.FLOAT64, false).mul(sigma)); // (R,n)
        NDArray xt = m.linspace(-1f, 1f, TEST_POINTS).toType(DataType.FLOAT64, false); // (T)
        NDArray ft = target(xt); // (T)
        NDArray yt = ft.add(m.randomNormal(new Shape(r, TEST_POINTS)).toType(DataType.FLOAT64, false).mul(sigma)); // (R,T) fresh labels

        ctx.liveChart("decomposition", "Expected test error split into bias², variance and noise (live)", "degree",
                "squared error", true);
        int degrees = maxDegree + 1;
        double[] deg = new double[degrees];
        double[] bias2 = new double[degrees];
        double[] variance = new double[degrees];
        double[] measured = new double[degrees];
        double[] sum = new double[degrees];
        double[][] shownMean = new double[degrees][];
        double[][][] shown = new double[degrees][][];
        double noise = sigma * sigma;
        for (int d = 0; d <= maxDegree; d++) {
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(x, y, xt, ft, yt);
                NDArray beta = PolyFits.fit(PolyFits.features(x, d), y, ridge); // (R,p,1)
                NDArray pred = PolyFits.features(xt, d).matMul(beta).squeeze(-1); // (T,p)·(R,p,1) → (R,T)
                NDArray mean = pred.mean(new int[] {0}); // (T) f̄(x)
                // Moments of the ensemble of R fits; bias² also carries Var/R from the finite ensemble.
                variance[d] = pred.sub(mean).square().mean().getDouble();
                bias2[d] = mean.sub(ft).square().mean().getDouble();
                measured[d] = yt.sub(pred).square().mean().getDouble();
                sum[d] = bias2[d] + variance[d] + noise;
                ctx.checkFinite("test error", measured[d]);
                shownMean[d] = mean.toDoubleArray();
                shown[d] = new double[SHOWN_FITS][];
                for (int k = 0; k < SHOWN_FITS && k < r; k++) {
                    shown[d][k] = pred.get(k).toDoubleArray();
                }
            }
            deg[d] = d;
            ctx.point("decomposition", "bias²", d, bias2[d]);
            ctx.point("decomposition", "variance", d, variance[d]);
            ctx.point("decomposition", "noise σ²", d, noise);
            ctx.point("decomposition", "bias² + variance + σ²", d, sum[d]);
            ctx.point("decomposition", "measured test error", d, measured[d]);
            ctx.progress(d + 1, degrees, "degree " + d);
        }

        double[] grid = xt.toDoubleArray();
        double[] truth = ft.toDoubleArray();
        int best = Num.argMin(measured);
        List<List<String>> rows = new ArrayList<>();
        double worstGap = 0;
        for (int d = 0; d <= maxDegree; d++) {
            double gap = Math.abs(sum[d] - measured[d]) / measured[d];
            worstGap = Math.max(worstGap, gap);
            rows.add(List.of(Integer.toString(d), Claim.num(bias2[d]), Claim.num(variance[d]), Claim.num(noise),
                    Claim.num(sum[d]), Claim.num(measured[d]), Claim.num(100 * gap) + "%"));
        }
        ctx.table(new Table("decomposition", "Decomposition per degree (" + r + " training sets of " + n + " points)",
                List.of("degree", "bias²", "variance", "noise σ²", "sum", "measured", "|sum − measured|"), rows));
        for (int d : new int[] {1, best, maxDegree}) {
            List<Series> lines = new ArrayList<>();
            lines.add(new Series("target f", grid, truth));
            lines.add(new Series("mean fit f̄", grid, shownMean[d]));
            for (int k = 0; k < shown[d].length && shown[d][k] != null; k++) {
                lines.add(new Series("fit " + (k + 1), grid, shown[d][k]));
            }
            String why = d == 1 ? "high bias" : d == maxDegree ? "high variance" : "the best trade-off";
            ctx.chart(Chart.line("fits-" + d, "Degree " + d + " (" + why + "): " + SHOWN_FITS + " fits on different samples",
                    "x", "y", lines));
        }

        ctx.metric("best degree", best, "");
        ctx.metric("bias² at degree 1", bias2[1], "");
        ctx.metric("variance at degree " + maxDegree, variance[maxDegree], "");
        ctx.metric("worst |sum − measured| / measured", worstGap, "");
        ctx.claim(Claim.atMost("Bias² + variance + σ² equals the measured test error at every degree: worst relative gap",
                worstGap, 0.03));
        ctx.claim(Claim.atMost("Bias falls with complexity: bias² at degree " + maxDegree + " / at degree 1",
                bias2[maxDegree] / bias2[1], 0.05));
        ctx.claim(Claim.atLeast("Variance grows with complexity: variance at degree " + maxDegree + " / at degree 1",
                variance[maxDegree] / variance[1], 10));
        ctx.claim(Claim.between("The test error is U-shaped: the best degree lies strictly inside 0.." + maxDegree,
                best, 1, maxDegree - 1));
        ctx.claim(Claim.atLeast("No model beats the noise floor: best test error / σ²", measured[best] / noise, 1));
        ctx.note("Target sin(πx + 0.6) + 0.5·sin(2πx) on [-1, 1], inputs uniform, noise σ = " + sigma + ". Each degree is one "
                + "batched solve of " + r + " normal equations in a Legendre basis (ridge " + ridge + "). Bias² and variance are "
                + "moments of the R fits, so bias² includes variance/R ≈ " + Claim.num(variance[maxDegree] / r)
                + " at the top degree. With ridge 1e-8 (plain least squares) the top-degree variance becomes heavy-tailed.");
    }
}
