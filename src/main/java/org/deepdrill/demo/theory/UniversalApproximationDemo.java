package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q32: universal approximation. One hidden layer of width 1, 2, 4, … fitted to a 1-D target on
 * [-1, 1]; all widths train side by side in one tensor program. Error against width, the fitted
 * curves against the target, and what the theorem does not give: extrapolation outside [-1, 1].
 */
public final class UniversalApproximationDemo implements Demo<UniversalApproximationDemo.Setup, UniversalApproximationDemo.Run> {
    public static final String ID = "universal-approximation";
    private static final int TRAIN_POINTS = 256;
    private static final int TEST_POINTS = 1001;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Universal approximation: error against width",
            "Trains one-hidden-layer networks of width 1, 2, 4, … up to a maximum on a 1-D target over [-1, 1] "
                    + "(all widths at once, Adam with cosine decay) and measures the test error inside the interval and outside it.",
            List.of("q32-universal-approximation"),
            List.of(ParamSpec.ofInt("maxWidth", "Largest width (powers of two from 1)").range(4, 1024).byDefault(128).quick(64),
                    ParamSpec.ofInt("steps", "Adam steps").range(100, 20_000).byDefault(3000).quick(2000),
                    ParamSpec.ofDouble("lr", "Peak learning rate").range(1e-4, 0.3).byDefault(0.03).help("cosine decay to 0"),
                    ParamSpec.ofChoice("target", "Target f(x)", Targets.NAMES, "sines", "sines",
                            "sines = sin(2πx) + 0.5·sin(5πx); bump = a narrow Gaussian; abs = |x| − 0.5"),
                    ParamSpec.ofChoice("activation", "Hidden activation of the trained nets", List.of("tanh", "relu"), "tanh", "tanh",
                            "relu nets are harder for Adam here; compare them with the ReLU construction line"),
                    ParamSpec.ofInt("restarts", "Random restarts per width").range(1, 8).byDefault(1)
                            .help("train several initialisations of each width and keep the one with the lowest training error"),
                    ParamSpec.seed(1)));

    public record Setup(int maxWidth, int steps, double lr, String target, String activation, int restarts, long seed) {
    }

    /** Per width: train, test inside, test outside (relative MSE), and the ReLU construction's error; curves to draw. */
    public record Run(String target, String activation, int steps, int restarts, double[] widths, double[] train,
                      double[] inside, double[] outside, double[] construction, double[] xPlot, double[][] fits) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int maxWidth = p.getInt("maxWidth");
        if (Integer.bitCount(maxWidth) != 1) {
            throw new ParamException("Parameter 'maxWidth' must be a power of two in 4..1024, got " + maxWidth);
        }
        return new Setup(maxWidth, p.getInt("steps"), p.getDouble("lr"), p.get("target"), p.get("activation"),
                p.getInt("restarts"), p.getInt("seed"));
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("linear-hidden-layer", "The hidden units are linear: no non-linearity at all",
                        s -> new Setup(s.maxWidth(), s.steps(), s.lr(), s.target(), "linear", s.restarts(), s.seed()))
                .flips("width-buys-accuracy", "a sum of linear units is one linear function, whatever the width")
                .flips("widest-fits", "a line cannot follow the target")
                .flips("error-falls-with-width", "the error stays flat in width")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int nets = r.widths().length;
        int last = nets - 1;
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.atMost("width-buys-accuracy", "Width buys accuracy: test error at the largest width / at width 1",
                r.inside()[last] / r.inside()[0], 0.01));
        claims.add(Claim.atMost("widest-fits", "The widest net fits the target on [-1, 1]: test MSE / Var(f)", r.inside()[last], 0.01));
        if (!r.target().equals("abs")) {
            claims.add(Claim.atMost("error-falls-with-width", "Error falls at least like 1/width: log-log slope of test error "
                    + "against width", errorSlope(r), -1));
        }
        if (r.target().equals("sines")) {
            claims.add(Claim.atLeast("no-extrapolation", "Approximation is not extrapolation: error outside [-1, 1] / inside, at "
                    + "the largest width", r.outside()[last] / r.inside()[last], 10));
        }
        return claims;
    }

    private static double errorSlope(Run r) {
        int nets = r.widths().length;
        return Fit.logLog(Arrays.copyOfRange(r.widths(), 1, nets), Arrays.copyOfRange(r.inside(), 1, nets)).slope();
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Act act = Act.of(s.activation());
        Engine.getInstance().setRandomSeed((int) s.seed());
        List<Integer> ws = new ArrayList<>();
        for (int w = 1; w <= s.maxWidth(); w *= 2) {
            ws.add(w);
        }
        int[] widths = ws.stream().mapToInt(Integer::intValue).toArray();
        int nets = widths.length;
        int[] all = new int[nets * s.restarts()]; // restart r of width k sits at k + r·nets
        for (int i = 0; i < all.length; i++) {
            all[i] = widths[i % nets];
        }
        NDManager m = ctx.manager();
        ShallowBank bank = new ShallowBank(m, all, act, new Random(s.seed()));
        double[] xTrain = Targets.grid(-1, 1, TRAIN_POINTS);
        NDArray x = column(m, xTrain); // (N,1)
        NDArray y = column(m, Targets.values(s.target(), xTrain)); // (N,1)
        double[] xTest = Targets.grid(-1, 1, TEST_POINTS);
        double varF = variance(Targets.values(s.target(), xTest));

        ctx.liveChart("training", "Training error / Var(f) per width (live)", "step", "relative MSE", true);
        Updates.Adam adam = new Updates.Adam(bank.params());
        int every = Math.max(1, s.steps() / 60);
        double[] trainAll = new double[all.length];
        double[] trainErr = new double[nets];
        for (int step = 1; step <= s.steps(); step++) {
            double rate = s.lr() * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / s.steps()));
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(bank.all());
                sub.tempAttachAll(x, y);
                NDArray perNet;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    perNet = bank.forward(x).sub(y).square().mean(new int[] {0}); // (C) MSE of each net
                    gc.backward(perNet.sum());
                }
                adam.step(sub, rate);
                if (step % every == 0 || step == s.steps() || step == 1) {
                    double[] mse = perNet.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < all.length; i++) {
                        trainAll[i] = ctx.checkFinite("loss", mse[i]) / varF;
                    }
                    for (int k = 0; k < nets; k++) {
                        trainErr[k] = trainAll[pick(trainAll, k, nets)];
                        ctx.point("training", "width " + widths[k], step, trainErr[k]);
                    }
                    ctx.progress(step, s.steps(), "step " + step);
                }
            }
        }
        // Each width keeps its restart with the lowest training error; evaluation inside [-1, 1]
        // and on the extrapolation bands [-1.5, -1) ∪ (1, 1.5].
        int[] chosen = new int[nets];
        for (int k = 0; k < nets; k++) {
            chosen[k] = pick(trainAll, k, nets);
        }
        double[] testErr = select(relMse(m, bank, s.target(), xTest, varF), chosen);
        double[] outside = new double[TEST_POINTS];
        for (int i = 0; i < TEST_POINTS; i++) {
            double u = -0.5 + i / (double) (TEST_POINTS - 1);
            outside[i] = u < 0 ? -1 + u : 1 + u; // (-1.5..-1) and (1..1.5)
        }
        double[] outErr = select(relMse(m, bank, s.target(), outside, varF), chosen);
        double[] xPlot = Targets.grid(-1.5, 1.5, 301);
        double[][] fitsAll = predict(m, bank, xPlot);
        double[][] fits = new double[nets][];
        double[] wd = new double[nets];
        double[] built = new double[nets];
        for (int k = 0; k < nets; k++) {
            fits[k] = fitsAll[chosen[k]];
            wd[k] = widths[k];
            built[k] = Math.max(new ReluConstruction(s.target(), widths[k]).relMse(s.target(), xTest, varF), 1e-30);
        }
        return new Run(s.target(), act.label(), s.steps(), s.restarts(), wd, trainErr, testErr, outErr, built, xPlot, fits);
    }

    @Override
    public Presentation present(Run r) {
        int nets = r.widths().length;
        int last = nets - 1;
        Presentation.Builder out = Presentation.builder();
        out.chart(Chart.logLog("error-vs-width", "Test error / Var(f) against width", "width (hidden units)",
                "relative MSE", List.of(new Series("test inside [-1, 1]", r.widths(), r.inside()),
                        new Series("train", r.widths(), r.train()), new Series("outside: 1 < |x| < 1.5", r.widths(), r.outside()),
                        new Series("ReLU construction (interpolant at w + 1 knots)", r.widths(), r.construction()))));
        List<Series> curves = new ArrayList<>();
        curves.add(new Series("target " + Targets.formula(r.target()), r.xPlot(), Targets.values(r.target(), r.xPlot())));
        for (int k : pickWidths(nets)) {
            curves.add(new Series("width " + (int) r.widths()[k], r.xPlot(), r.fits()[k]));
        }
        out.chart(Chart.line("fits", "Fitted curves against the target (trained on [-1, 1] only)", "x", "f(x)", curves));
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < nets; k++) {
            int w = (int) r.widths()[k];
            rows.add(List.of(Integer.toString(w), Integer.toString(3 * w + 1), Claim.num(r.train()[k]),
                    Claim.num(r.inside()[k]), Claim.num(r.outside()[k]), Claim.num(r.construction()[k])));
        }
        out.table(new Table("per-width", "Relative MSE per width", List.of("width", "parameters", "train", "test inside",
                "outside [-1, 1]", "ReLU construction"), rows));
        int firstOk = -1;
        for (int k = 0; k < nets && firstOk < 0; k++) {
            if (r.inside()[k] <= 0.01) {
                firstOk = k;
            }
        }
        out.metric("smallest width with test error ≤ 1% of Var(f)", firstOk < 0 ? Double.NaN : r.widths()[firstOk], "units")
                .metric("test error / Var(f) at width " + (int) r.widths()[last], r.inside()[last], "")
                .metric("outside / inside error at width " + (int) r.widths()[last], r.outside()[last] / r.inside()[last], "×");
        if (!r.target().equals("abs")) {
            out.metric("log-log slope of test error against width", errorSlope(r), "");
        }
        if (!r.target().equals("abs") && nets >= 5) {
            double[][] tail = Num.window(r.widths(), r.construction(), 8, 1e9);
            out.metric("log-log slope of the ReLU construction's error, width ≥ 8 (−4 by numerical analysis, no training)",
                    Fit.logLog(tail[0], tail[1]).slope(), "");
        }
        return out.note("Target " + Targets.formula(r.target()) + ", " + r.activation() + " hidden units, " + TRAIN_POINTS
                        + " training points on [-1, 1], " + r.steps() + " Adam steps. Initial kinks (ReLU) or centres (tanh) are "
                        + "placed uniformly in [-1, 1]; all " + nets + " widths × " + r.restarts() + " restart(s) train at once"
                        + (r.restarts() > 1 ? "; each width keeps the restart with the lowest training error." : "."))
                .build();
    }

    /** Index of the restart of width k with the lowest value in v. */
    private static int pick(double[] v, int k, int nets) {
        int best = k;
        for (int i = k + nets; i < v.length; i += nets) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] select(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = v[idx[k]];
        }
        return out;
    }

    private static int[] pickWidths(int nets) {
        return nets <= 4 ? java.util.stream.IntStream.range(0, nets).toArray()
                : new int[] {0, 2, nets / 2 + 1, nets - 1};
    }

    private static NDArray column(NDManager m, double[] v) {
        return m.create(v).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(v.length, 1);
    }

    /** Predictions of every net on the points x: [net][point]. */
    private static double[][] predict(NDManager root, ShallowBank bank, double[] x) {
        try (NDManager s = root.newSubManager()) {
            s.tempAttachAll(bank.all());
            NDArray out = bank.forward(column(s, x)).transpose().toType(ai.djl.ndarray.types.DataType.FLOAT64, false); // (C,N)
            double[] flat = out.toDoubleArray();
            double[][] res = new double[bank.widths.length][x.length];
            for (int k = 0; k < res.length; k++) {
                System.arraycopy(flat, k * x.length, res[k], 0, x.length);
            }
            return res;
        }
    }

    private static double[] relMse(NDManager m, ShallowBank bank, String target, double[] x, double varF) {
        double[][] p = predict(m, bank, x);
        double[] out = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                double e = p[k][i] - Targets.f(target, x[i]);
                sum += e * e;
            }
            out[k] = sum / x.length / varF;
        }
        return out;
    }

    private static double variance(double[] v) {
        double mean = Fit.mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - mean) * (d - mean);
        }
        return s / v.length;
    }
}
