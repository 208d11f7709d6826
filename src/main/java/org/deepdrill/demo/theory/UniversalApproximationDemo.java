package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q32: universal approximation. One hidden layer of width 1, 2, 4, … fitted to a 1-D target on
 * [-1, 1]; all widths train side by side in one tensor program. Error against width, the fitted
 * curves against the target, and what the theorem does not give: extrapolation outside [-1, 1].
 */
public final class UniversalApproximationDemo extends LegacyDemo {
    public static final String ID = "universal-approximation";
    private static final int TRAIN_POINTS = 256;
    private static final int TEST_POINTS = 1001;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Universal approximation: error against width",
            "Trains one-hidden-layer networks of width 1, 2, 4, … up to a maximum on a 1-D target over [-1, 1] "
                    + "(all widths at once, Adam with cosine decay) and measures the test error inside the interval and outside it.",
            List.of("q32-universal-approximation"),
            List.of(ParamSpec.ofInt("maxWidth", "Largest width (powers of two from 1)", 4, 1024, 128, 64, ""),
                    ParamSpec.ofInt("steps", "Adam steps", 100, 20_000, 3000, 2000, ""),
                    ParamSpec.ofDouble("lr", "Peak learning rate", 1e-4, 0.3, 0.03, 0.03, "cosine decay to 0"),
                    ParamSpec.ofChoice("target", "Target f(x)", Targets.NAMES, "sines", "sines",
                            "sines = sin(2πx) + 0.5·sin(5πx); bump = a narrow Gaussian; abs = |x| − 0.5"),
                    ParamSpec.ofChoice("activation", "Hidden activation of the trained nets", List.of("tanh", "relu"), "tanh", "tanh",
                            "relu nets are harder for Adam here; compare them with the ReLU construction line"),
                    ParamSpec.ofInt("restarts", "Random restarts per width", 1, 8, 1, 1,
                            "train several initialisations of each width and keep the one with the lowest training error"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 1, 1, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int maxWidth = ctx.params().getInt("maxWidth");
        int steps = ctx.params().getInt("steps");
        double lr = ctx.params().getDouble("lr");
        String target = ctx.params().get("target");
        Act act = Act.of(ctx.params().get("activation"));
        int seed = ctx.params().getInt("seed");
        if (Integer.bitCount(maxWidth) != 1) {
            throw new ParamException("Parameter 'maxWidth' must be a power of two in 4..1024, got " + maxWidth);
        }
        Engine.getInstance().setRandomSeed(seed);
        List<Integer> ws = new ArrayList<>();
        for (int w = 1; w <= maxWidth; w *= 2) {
            ws.add(w);
        }
        int[] widths = ws.stream().mapToInt(Integer::intValue).toArray();
        int nets = widths.length;
        int restarts = ctx.params().getInt("restarts");
        int[] all = new int[nets * restarts]; // restart r of width k sits at k + r·nets
        for (int i = 0; i < all.length; i++) {
            all[i] = widths[i % nets];
        }

        NDManager m = ctx.manager();
        ShallowBank bank = new ShallowBank(m, all, act, new Random(seed));
        double[] xTrain = Targets.grid(-1, 1, TRAIN_POINTS);
        NDArray x = column(m, xTrain); // (N,1)
        NDArray y = column(m, Targets.values(target, xTrain)); // (N,1)
        double[] xTest = Targets.grid(-1, 1, TEST_POINTS);
        double varF = variance(Targets.values(target, xTest));

        ctx.liveChart("training", "Training error / Var(f) per width (live)", "step", "relative MSE", true);
        Updates.Adam adam = new Updates.Adam(bank.params());
        int every = Math.max(1, steps / 60);
        double[] trainAll = new double[all.length];
        double[] trainErr = new double[nets];
        for (int step = 1; step <= steps; step++) {
            double rate = lr * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / steps));
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(bank.all());
                s.tempAttachAll(x, y);
                NDArray perNet;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    perNet = bank.forward(x).sub(y).square().mean(new int[] {0}); // (C) MSE of each net
                    gc.backward(perNet.sum());
                }
                adam.step(s, rate);
                if (step % every == 0 || step == steps || step == 1) {
                    double[] mse = perNet.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < all.length; i++) {
                        trainAll[i] = ctx.checkFinite("loss", mse[i]) / varF;
                    }
                    for (int k = 0; k < nets; k++) {
                        trainErr[k] = trainAll[pick(trainAll, k, nets)];
                        ctx.point("training", "width " + widths[k], step, trainErr[k]);
                    }
                    ctx.progress(step, steps, "step " + step);
                }
            }
        }

        // Each width keeps its restart with the lowest training error; evaluation inside [-1, 1]
        // and on the extrapolation bands [-1.5, -1) ∪ (1, 1.5].
        int[] chosen = new int[nets];
        for (int k = 0; k < nets; k++) {
            chosen[k] = pick(trainAll, k, nets);
        }
        double[] testErr = select(relMse(m, bank, target, xTest, varF), chosen);
        double[] outside = new double[TEST_POINTS];
        for (int i = 0; i < TEST_POINTS; i++) {
            double u = -0.5 + i / (double) (TEST_POINTS - 1);
            outside[i] = u < 0 ? -1 + u : 1 + u; // (-1.5..-1) and (1..1.5)
        }
        double[] outErr = select(relMse(m, bank, target, outside, varF), chosen);
        double[] xPlot = Targets.grid(-1.5, 1.5, 301);
        double[][] fitsAll = predict(m, bank, xPlot);
        double[][] fits = new double[nets][];
        for (int k = 0; k < nets; k++) {
            fits[k] = fitsAll[chosen[k]];
        }

        double[] wd = new double[nets];
        double[] built = new double[nets];
        for (int k = 0; k < nets; k++) {
            wd[k] = widths[k];
            built[k] = Math.max(new ReluConstruction(target, widths[k]).relMse(target, xTest, varF), 1e-30);
        }
        ctx.chart(Chart.logLog("error-vs-width", "Test error / Var(f) against width", "width (hidden units)",
                "relative MSE", List.of(new Series("test inside [-1, 1]", wd, testErr),
                        new Series("train", wd, trainErr), new Series("outside: 1 < |x| < 1.5", wd, outErr),
                        new Series("ReLU construction (interpolant at w + 1 knots)", wd, built))));
        List<Series> curves = new ArrayList<>();
        curves.add(new Series("target " + Targets.formula(target), xPlot, Targets.values(target, xPlot)));
        for (int k : pickWidths(nets)) {
            curves.add(new Series("width " + widths[k], xPlot, fits[k]));
        }
        ctx.chart(Chart.line("fits", "Fitted curves against the target (trained on [-1, 1] only)", "x", "f(x)", curves));
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < nets; k++) {
            rows.add(List.of(Integer.toString(widths[k]), Integer.toString(3 * widths[k] + 1),
                    Claim.num(trainErr[k]), Claim.num(testErr[k]), Claim.num(outErr[k]), Claim.num(built[k])));
        }
        ctx.table(new Table("per-width", "Relative MSE per width", List.of("width", "parameters", "train", "test inside",
                "outside [-1, 1]", "ReLU construction"), rows));

        int last = nets - 1;
        int firstOk = -1;
        for (int k = 0; k < nets && firstOk < 0; k++) {
            if (testErr[k] <= 0.01) {
                firstOk = k;
            }
        }
        ctx.metric("smallest width with test error ≤ 1% of Var(f)", firstOk < 0 ? Double.NaN : widths[firstOk], "units");
        ctx.metric("test error / Var(f) at width " + widths[last], testErr[last], "");
        ctx.metric("outside / inside error at width " + widths[last], outErr[last] / testErr[last], "×");

        ctx.claim(Claim.atMost("Width buys accuracy: test error at the largest width / at width 1",
                testErr[last] / testErr[0], 0.01));
        ctx.claim(Claim.atMost("The widest net fits the target on [-1, 1]: test MSE / Var(f)", testErr[last], 0.01));
        if (!target.equals("abs")) {
            double slope = Fit.logLog(java.util.Arrays.copyOfRange(wd, 1, nets),
                    java.util.Arrays.copyOfRange(testErr, 1, nets)).slope();
            ctx.metric("log-log slope of test error against width", slope, "");
            ctx.claim(Claim.atMost("Error falls at least like 1/width: log-log slope of test error against width", slope, -1));
        }
        if (!target.equals("abs") && nets >= 5) {
            double[][] tail = Num.window(wd, built, 8, 1e9);
            double slope = Fit.logLog(tail[0], tail[1]).slope();
            ctx.metric("log-log slope of the ReLU construction's error (width ≥ 8)", slope, "");
            ctx.claim(Claim.between("The proof's construction: interpolant error ∝ width^-4 for a smooth target (log-log slope, width ≥ 8)",
                    slope, -4.6, -3.4));
        }
        if (target.equals("sines")) {
            ctx.claim(Claim.atLeast("Approximation is not extrapolation: error outside [-1, 1] / inside, at the largest width",
                    outErr[last] / testErr[last], 10));
        }
        ctx.note("Target " + Targets.formula(target) + ", " + act.label() + " hidden units, " + TRAIN_POINTS
                + " training points on [-1, 1], " + steps + " Adam steps. Initial kinks (ReLU) or centres (tanh) are placed uniformly in [-1, 1]; "
                + "all " + nets + " widths × " + restarts + " restart(s) train at once in one (N, " + bank.units + ") hidden tensor"
                + (restarts > 1 ? "; each width keeps the restart with the lowest training error." : "."));
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
