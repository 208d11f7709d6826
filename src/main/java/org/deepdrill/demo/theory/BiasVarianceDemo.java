package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Q33: bias and variance across model complexity. R independent training sets of n noisy points
 * from f(x) = sin(πx + 0.6) + 0.5·sin(2πx); a least-squares polynomial of each degree is fitted to
 * every set in one batched solve. Bias² and variance are moments of the R fits on a test grid; the
 * test error is measured on fresh noisy labels.
 */
public final class BiasVarianceDemo implements Demo<BiasVarianceDemo.Setup, BiasVarianceDemo.Run> {
    public static final String ID = "bias-variance";
    private static final int TEST_POINTS = 200;
    private static final int SHOWN_FITS = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Bias and variance across model complexity",
            "Fits polynomials of degree 0 to a maximum to many resampled noisy training sets at once and splits the "
                    + "expected test error into bias², variance and noise, beside the test error measured on fresh labels.",
            List.of("q33-bias-variance"),
            List.of(ParamSpec.ofInt("datasets", "Training sets R").range(50, 20_000).byDefault(2000).quick(600)
                            .help("independent resamples"),
                    ParamSpec.ofInt("points", "Points per training set n").range(5, 500).byDefault(30),
                    ParamSpec.ofDouble("noise", "Noise std σ").range(0.01, 2).byDefault(0.3).help("irreducible error is σ²"),
                    ParamSpec.ofInt("maxDegree", "Largest polynomial degree").range(2, 20).byDefault(12),
                    ParamSpec.ofDouble("ridge", "Ridge λ added to XᵀX").range(0, 10).byDefault(1e-3)
                            .help("a small ridge keeps rare near-singular draws from dominating; raise it to shrink the variance"),
                    ParamSpec.seed(2)));

    /** Checked parameters; {@code onTrainingSet} scores each fit on its own training points. */
    public record Setup(int datasets, int points, double noise, int maxDegree, double ridge, long seed,
                        boolean onTrainingSet) {
    }

    /** Per degree: bias², variance and measured error; plus a few fits per shown degree for the pictures. */
    public record Run(double noise, int datasets, int points, double ridge, double[] bias2, double[] variance,
                      double[] error, double[] grid, double[] truth, double[][] meanFit, double[][][] someFits) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        Setup s = new Setup(p.getInt("datasets"), p.getInt("points"), p.getDouble("noise"), p.getInt("maxDegree"),
                p.getDouble("ridge"), p.getInt("seed"), false);
        if (s.maxDegree() + 1 > s.points()) {
            throw new ParamException("Parameter 'maxDegree' must be below 'points' (" + s.points() + ") so that every fit "
                    + "is determined, got " + s.maxDegree());
        }
        return s;
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("score-on-training-data", "Each fit is scored on its own training points, not on fresh data",
                                s -> new Setup(s.datasets(), s.points(), s.noise(), s.maxDegree(), s.ridge(), s.seed(), true))
                        .flips("u-shaped", "training error only falls with degree, so it always picks the biggest model")
                        .explainedIn("Estimating the terms")
                        .build(),
                Break.<Setup>of("strong-ridge", "A strong ridge (λ = 10) caps every fit's effective complexity",
                                s -> new Setup(s.datasets(), s.points(), s.noise(), s.maxDegree(), 10, s.seed(), s.onTrainingSet()))
                        .flips("bias-falls", "shrunk high-degree fits stay biased")
                        .flips("variance-grows", "the ridge removes the variance that extra degrees would add")
                        .explainedIn("The trade-off, and where it bends")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int top = r.bias2().length - 1;
        int best = Num.argMin(r.error());
        return List.of(
                Claim.atMost("bias-falls", "Bias falls with complexity: bias² at degree " + top + " / at degree 1",
                        r.bias2()[top] / r.bias2()[1], 0.05),
                Claim.atLeast("variance-grows", "Variance grows with complexity: variance at degree " + top + " / at degree 1",
                        r.variance()[top] / r.variance()[1], 10),
                Claim.between("u-shaped", "The test error is U-shaped: the best degree lies strictly inside 0.." + top,
                        best, 1, top - 1));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int r = s.datasets();
        int n = s.points();
        int maxDegree = s.maxDegree();
        // Features (R,n,p) and their transpose and products, plus predictions and test labels (R,T).
        Num.checkMemory(8.0 * r * (3.0 * n * (maxDegree + 1) + 4.0 * TEST_POINTS), "'datasets', 'points' and 'maxDegree'");
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        NDArray x = m.randomUniform(-1, 1, new Shape(r, n), DataType.FLOAT64); // (R,n)
        NDArray y = target(x).add(m.randomNormal(new Shape(r, n)).toType(DataType.FLOAT64, false).mul(s.noise())); // (R,n)
        NDArray xt = m.linspace(-1f, 1f, TEST_POINTS).toType(DataType.FLOAT64, false); // (T)
        NDArray ft = target(xt); // (T)
        NDArray yt = ft.add(m.randomNormal(new Shape(r, TEST_POINTS)).toType(DataType.FLOAT64, false).mul(s.noise())); // (R,T)

        ctx.liveChart("decomposition", "Expected test error split into bias², variance and noise (live)", "degree",
                "squared error", true);
        int degrees = maxDegree + 1;
        double[] bias2 = new double[degrees];
        double[] variance = new double[degrees];
        double[] error = new double[degrees];
        double[][] meanFit = new double[degrees][];
        double[][][] some = new double[degrees][][];
        double noise = s.noise() * s.noise();
        for (int d = 0; d <= maxDegree; d++) {
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(x, y, xt, ft, yt);
                NDArray beta = PolyFits.fit(PolyFits.features(x, d), y, s.ridge()); // (R,p,1)
                NDArray pred = PolyFits.features(xt, d).matMul(beta).squeeze(-1); // (T,p)·(R,p,1) → (R,T)
                NDArray mean = pred.mean(new int[] {0}); // (T) f̄(x)
                variance[d] = pred.sub(mean).square().mean().getDouble();
                bias2[d] = mean.sub(ft).square().mean().getDouble();
                if (s.onTrainingSet()) {
                    NDArray fitted = PolyFits.features(x, d).matMul(beta).squeeze(-1); // (R,n)
                    error[d] = y.sub(fitted).square().mean().getDouble();
                } else {
                    error[d] = yt.sub(pred).square().mean().getDouble();
                }
                ctx.checkFinite("test error", error[d]);
                meanFit[d] = mean.toDoubleArray();
                some[d] = new double[Math.min(SHOWN_FITS, r)][];
                for (int k = 0; k < some[d].length; k++) {
                    some[d][k] = pred.get(k).toDoubleArray();
                }
            }
            ctx.point("decomposition", "bias²", d, bias2[d]);
            ctx.point("decomposition", "variance", d, variance[d]);
            ctx.point("decomposition", "noise σ²", d, noise);
            ctx.point("decomposition", "bias² + variance + σ²", d, bias2[d] + variance[d] + noise);
            ctx.point("decomposition", "measured error", d, error[d]);
            ctx.progress(d + 1, degrees, "degree " + d);
        }
        return new Run(noise, r, n, s.ridge(), bias2, variance, error, xt.toDoubleArray(), ft.toDoubleArray(), meanFit, some);
    }

    @Override
    public Presentation present(Run r) {
        int top = r.bias2().length - 1;
        int best = Num.argMin(r.error());
        Presentation.Builder out = Presentation.builder();
        List<List<String>> rows = new ArrayList<>();
        double worstGap = 0;
        for (int d = 0; d <= top; d++) {
            double sum = r.bias2()[d] + r.variance()[d] + r.noise();
            double gap = Math.abs(sum - r.error()[d]) / r.error()[d];
            worstGap = Math.max(worstGap, gap);
            rows.add(List.of(Integer.toString(d), Claim.num(r.bias2()[d]), Claim.num(r.variance()[d]), Claim.num(r.noise()),
                    Claim.num(sum), Claim.num(r.error()[d]), Claim.num(100 * gap) + "%"));
        }
        out.table(new Table("decomposition", "Decomposition per degree (" + r.datasets() + " training sets of "
                + r.points() + " points)", List.of("degree", "bias²", "variance", "noise σ²", "sum", "measured", "|sum − measured|"),
                rows));
        for (int d : new int[] {1, best, top}) {
            List<Series> lines = new ArrayList<>();
            lines.add(new Series("target f", r.grid(), r.truth()));
            lines.add(new Series("mean fit f̄", r.grid(), r.meanFit()[d]));
            for (int k = 0; k < r.someFits()[d].length; k++) {
                lines.add(new Series("fit " + (k + 1), r.grid(), r.someFits()[d][k]));
            }
            String why = d == 1 ? "high bias" : d == top ? "high variance" : "the best trade-off";
            out.chart(Chart.line("fits-" + d, "Degree " + d + " (" + why + "): " + r.someFits()[d].length
                    + " fits on different samples", "x", "y", lines));
        }
        return out.metric("best degree", best, "")
                .metric("bias² at degree 1", r.bias2()[1], "")
                .metric("variance at degree " + top, r.variance()[top], "")
                .metric("best error / σ²", r.error()[best] / r.noise(), "×")
                .metric("worst |bias² + variance + σ² − measured| / measured", worstGap, "")
                .note("Target sin(πx + 0.6) + 0.5·sin(2πx) on [-1, 1], inputs uniform, noise σ² = " + Claim.num(r.noise())
                        + ". Each degree is one batched solve of " + r.datasets() + " normal equations in a Legendre basis (ridge "
                        + Claim.num(r.ridge()) + "). Bias² + variance equals the mean squared distance of the fits from f by "
                        + "algebra, so the sum against the measured error is shown as a metric, not a claim; it tests only "
                        + "that the fresh noise is independent of the fits.")
                .build();
    }

    static NDArray target(NDArray x) {
        return x.mul(Math.PI).add(0.6).sin().add(x.mul(2 * Math.PI).sin().mul(0.5));
    }
}
