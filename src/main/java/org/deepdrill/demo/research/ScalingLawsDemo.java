package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Q14: a scaling law in miniature. One-hidden-layer ReLU networks of widths 4 … maxWidth learn the
 * same smooth target from fresh samples (so only model size limits them). All widths and seeds
 * train at once as column blocks of one wide layer; the loss is a sum over models, so each model's
 * gradient and Adam update are exactly those of training it alone. Fits L(N) = a·N^−α + c.
 */
public final class ScalingLawsDemo implements Demo<ScalingLawsDemo.Setup, ScalingLawsDemo.Run> {
    public static final String ID = "scaling-laws";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Scaling laws: loss against model size",
            "Trains a family of one-hidden-layer networks of growing width on the same synthetic regression task, "
                    + "fits L(N) = a·N^−α + c on log-log axes, gives α with a bootstrap uncertainty, and checks "
                    + "that a fit on the small models predicts the largest one.",
            List.of("q14-scaling-laws"),
            List.of(ParamSpec.ofInt("maxWidth", "Largest hidden width").range(16, 512).byDefault(256).quick(128)
                            .help("widths grow by √2 from 4 up to this value"),
                    ParamSpec.ofInt("steps", "Training steps").range(200, 5000).byDefault(1500).quick(1000)
                            .help("Adam with cosine decay"),
                    ParamSpec.ofInt("seeds", "Seeds per width").range(1, 8).byDefault(3).quick(4)
                            .help("the loss is averaged over seeds; the bootstrap resamples them"),
                    ParamSpec.ofInt("inputDim", "Input dimension d").range(1, 8).byDefault(2)
                            .help("the exponent depends on the task: try 1, 2 and 4"),
                    ParamSpec.ofDouble("noise", "Label noise std σ").range(0.05, 1).byDefault(0.15)
                            .help("the loss floor is σ²"),
                    ParamSpec.seed(11)));

    private static final int BATCH = 256;
    private static final int COMPONENTS = 48;
    private static final int TEST = 4096;
    private static final int TEST_CHUNK = 256;
    /** Widths held out of the extrapolation fit, from the top. */
    private static final int HELD_OUT = 2;

    /** Checked parameters. {@code fitFloor} false fits a pure power law (c = 0): the break. */
    public record Setup(int maxWidth, int steps, int seeds, int inputDim, double noise, long seed, boolean fitFloor) {
    }

    /**
     * Per width: parameters N and test loss (mean over seeds). {@code fit} is the law fitted to all
     * widths, {@code early} the same form fitted without the {@link #HELD_OUT} largest, and
     * {@code line} a straight line through log L on those same small widths, for comparison.
     */
    public record Run(double noise, int seeds, double[] width, double[] n, double[] loss, PowerLaw.Result fit,
                      double alphaBootSd, PowerLaw.Result early, PowerLaw.Result line) {
        double alphaUncertainty() {
            return Math.max(alphaBootSd, fit.alphaStdErr());
        }

        double largest() {
            return loss[loss.length - 1];
        }

        double largestN() {
            return n[n.length - 1];
        }
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("maxWidth"), p.getInt("steps"), p.getInt("seeds"), p.getInt("inputDim"),
                p.getDouble("noise"), p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-floor", "The law is fitted as a pure power law a·N^−α, without the floor c",
                        s -> new Setup(s.maxWidth(), s.steps(), s.seeds(), s.inputDim(), s.noise(), s.seed(), false))
                .flips("floor-at-noise", "with c forced to 0 the fit cannot find the label-noise floor")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double predicted = r.early().at(r.largestN());
        return List.of(
                Claim.atMost("loss-falls", "Loss falls with size: the largest model's loss is under half the smallest's: "
                        + "L(largest)/L(smallest)", r.largest() / r.loss()[0], 0.5),
                Claim.atLeast("alpha-resolved", "The exponent α is resolved: α / its uncertainty",
                        r.fit().alpha() / r.alphaUncertainty(), 3),
                Claim.between("floor-at-noise", "The fitted floor c is the label-noise variance, within a factor of two: "
                        + "c/σ²", r.fit().c() / (r.noise() * r.noise()), 0.5, 2),
                Claim.atMost("extrapolates", "A fit on the smaller widths predicts the largest model's loss: relative error",
                        Math.abs(predicted - r.largest()) / r.largest(), 0.25),
                Claim.atMost("line-over-promises", "A straight line through log L on the same widths under-predicts the "
                        + "largest model by more than 5%: its prediction / measured loss", r.line().at(r.largestN()) / r.largest(), 0.95));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        List<Integer> widthList = widths(s.maxWidth());
        int nw = widthList.size();
        int seeds = s.seeds();
        int d = s.inputDim();
        double[] perModel = train(s, ctx, widthList, rnd);

        double[] width = new double[nw];
        double[] n = new double[nw];
        double[] loss = new double[nw];
        for (int wi = 0; wi < nw; wi++) {
            width[wi] = widthList.get(wi);
            n[wi] = widthList.get(wi) * (d + 2) + 1; // W1, b1, w2 per unit, plus the output bias
            loss[wi] = meanOverSeeds(perModel, wi, seeds);
        }
        PowerLaw.Result fit = law(s, n, loss);
        double boot = bootstrapAlphaSd(s, n, perModel, nw, seeds, rnd);
        double[] nSmall = Arrays.copyOf(n, nw - HELD_OUT);
        double[] lSmall = Arrays.copyOf(loss, nw - HELD_OUT);
        return new Run(s.noise(), seeds, width, n, loss, fit, boot, law(s, nSmall, lSmall), PowerLaw.pure(nSmall, lSmall));
    }

    @Override
    public Presentation present(Run r) {
        int nw = r.n().length;
        double[] n = r.n();
        double[] fitted = curve(r.fit(), n);
        double[] reducible = new double[nw];
        double[] reducibleFit = new double[nw];
        for (int i = 0; i < nw; i++) {
            reducible[i] = Math.max(1e-12, r.loss()[i] - r.fit().c());
            reducibleFit[i] = r.fit().a() * Math.pow(n[i], -r.fit().alpha());
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < nw; i++) {
            rows.add(List.of(Claim.num(r.width()[i]), Claim.num(n[i]), Claim.num(r.loss()[i]), Claim.num(fitted[i])));
        }
        int keep = nw - HELD_OUT;
        double predicted = r.early().at(r.largestN());
        double linePredicted = r.line().at(r.largestN());
        double sigma2 = r.noise() * r.noise();
        return Presentation.builder()
                .chart(Chart.logLog("fit", "Test loss against parameters N, with L(N) = a·N^−α + c", "parameters N",
                        "test MSE", List.of(new Series("measured", n, r.loss()), new Series("fit a·N^−α + c", n, fitted),
                                new Series("measured − c", n, reducible), new Series("a·N^−α", n, reducibleFit))))
                .chart(Chart.logLog("extrapolation", "Fit on the smaller models, extrapolated to the largest",
                        "parameters N", "test MSE", List.of(new Series("measured", n, r.loss()),
                                new Series("fit on the first " + keep + " widths", n, curve(r.early(), n)),
                                new Series("straight line through log L, same widths", n, curve(r.line(), n)))))
                .table(new Table("per-width", "Final test loss per width (mean over " + r.seeds() + " seeds)",
                        List.of("width", "parameters N", "test MSE", "fit"), rows))
                .metric("α", r.fit().alpha(), "")
                .metric("R² of log L for the fitted law", r.fit().r2Log(), "")
                .metric("α uncertainty (1 s.d.)", r.alphaUncertainty(), "")
                .metric("a", r.fit().a(), "")
                .metric("c (irreducible loss)", r.fit().c(), "")
                .metric("label-noise variance σ²", sigma2, "")
                .metric("slope of the straight line through log L", -r.line().alpha(), "")
                .metric("predicted loss of the largest model", predicted, "")
                .metric("straight line's prediction for the largest model", linePredicted, "")
                .metric("measured loss of the largest model", r.largest(), "")
                .note(String.format(Locale.ROOT, "α = %.3f ± %.3f (%s), a = %.3g, c = %.4g; σ² = %.4g.", r.fit().alpha(),
                        r.alphaUncertainty(), r.seeds() > 1 ? "larger of the bootstrap over seeds and the slope's "
                                + "standard error" : "slope standard error", r.fit().a(), r.fit().c(), sigma2))
                .note(String.format(Locale.ROOT, "Held out: the %d largest widths. The law fitted on the rest predicts "
                                + "%.4g for the largest, measured %.4g. A straight line through log L on the same widths "
                                + "(slope %.3f) predicts %.4g: below the measured loss, because log(a·N^−α + c) is convex "
                                + "in log N and the line keeps falling where the losses level off. It over-promises.",
                        HELD_OUT, predicted, r.largest(), -r.line().alpha(), linePredicted))
                .build();
    }

    // --- measurement ---------------------------------------------------------------------------

    private static PowerLaw.Result law(Setup s, double[] n, double[] loss) {
        return s.fitFloor() ? PowerLaw.fit(n, loss) : PowerLaw.pure(n, loss);
    }

    private static List<Integer> widths(int maxWidth) {
        List<Integer> out = new ArrayList<>();
        for (int k = 4; ; k++) {
            int w = (int) Math.round(Math.pow(2, k / 2.0));
            if (w > maxWidth) {
                return out;
            }
            if (out.isEmpty() || out.get(out.size() - 1) != w) {
                out.add(w);
            }
        }
    }

    /** Trains every width and seed at once; returns the final test loss per model (width-major). */
    private static double[] train(Setup s, DemoContext ctx, List<Integer> widthList, Random rnd) {
        NDManager m = ctx.manager();
        int nw = widthList.size();
        int seeds = s.seeds();
        int d = s.inputDim();
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
            for (int k = 0; k < seeds; k++) {
                int w = widthList.get(wi);
                for (int j = 0; j < w; j++) {
                    assign[col * models + wi * seeds + k] = 1f;
                    outScale[col] = (float) (1 / Math.sqrt(w));
                    col++;
                }
            }
        }
        NDArray assignment = m.create(assign, new Shape(hidden, models)); // (H,M) which model owns a unit
        AdamState net = new AdamState();
        net.add(m.randomNormal(0, (float) Math.sqrt(2.0 / d), new Shape(d, hidden), DataType.FLOAT32)); // (d,H)
        net.add(m.randomUniform(-1, 1, new Shape(hidden))); // (H)
        net.add(m.randomNormal(new Shape(hidden)).mul(m.create(outScale))); // (H)
        net.add(m.zeros(new Shape(models))); // (M)

        float noise = (float) s.noise();
        NDArray testX = m.randomUniform(-1, 1, new Shape(TEST, d)); // (T,d)
        NDArray testY = teacher.f(testX).add(m.randomNormal(0, noise, new Shape(TEST, 1), DataType.FLOAT32)); // (T,1)

        ctx.liveChart("training", "Test loss during training, per width (live)", "step", "test MSE", true);
        int steps = s.steps();
        int every = Math.max(1, steps / 20);
        double lr0 = 1e-2;
        for (int step = 0; ; step++) {
            if (step % every == 0 || step == steps) {
                double[] perModel = testLoss(m, net, testX, testY, assignment);
                for (int wi = 0; wi < nw; wi += Math.max(1, nw / 6)) {
                    ctx.point("training", "width " + widthList.get(wi), step, meanOverSeeds(perModel, wi, seeds));
                }
                ctx.progress(step, steps, "step " + step);
                if (step == steps) {
                    return perModel;
                }
            }
            try (NDManager sm = m.newSubManager()) {
                NDArray x = sm.randomUniform(-1, 1, new Shape(BATCH, d)); // (B,d)
                NDArray y = teacher.f(x).add(sm.randomNormal(0, noise, new Shape(BATCH, 1), DataType.FLOAT32)); // (B,1)
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = forward(net, x, assignment).sub(y).square().mean(new int[] {0}).sum(); // Σ per-model MSE
                    gc.backward(loss);
                    if (step % 100 == 0) {
                        ctx.checkFinite("loss", loss.getFloat() / models);
                    }
                }
                net.step(lr0 * 0.5 * (1 + Math.cos(Math.PI * step / steps)));
            }
        }
    }

    private static NDArray forward(AdamState net, NDArray x, NDArray assignment) {
        NDArray h = Activation.relu(x.matMul(net.get(0)).add(net.get(1))); // (B,H)
        return h.mul(net.get(2)).matMul(assignment).add(net.get(3)); // (B,M)
    }

    /**
     * Test MSE per model, (M). The test set goes through in chunks: a (chunk,H) activation stays in
     * cache, where the whole set's (T,H) arrays (tens of MB, fresh pages each time) cost more than
     * the training steps between two evaluations.
     */
    private static double[] testLoss(NDManager m, AdamState net, NDArray x, NDArray y, NDArray assignment) {
        long count = x.getShape().get(0);
        double[] r = null;
        for (long from = 0; from < count; from += TEST_CHUNK) {
            try (NDManager s = m.newSubManager()) {
                String rows = from + ":" + Math.min(count, from + TEST_CHUNK);
                NDArray xc = x.get(rows); // (C,d)
                NDArray yc = y.get(rows); // (C,1)
                s.tempAttachAll(new NDList(xc, yc));
                float[] v = forward(net, xc, assignment).sub(yc).square().sum(new int[] {0}).toFloatArray(); // (M)
                if (r == null) {
                    r = new double[v.length];
                }
                for (int i = 0; i < v.length; i++) {
                    r[i] += v[i] / count;
                }
            }
        }
        return r;
    }

    private static double meanOverSeeds(double[] perModel, int wi, int seeds) {
        double s = 0;
        for (int k = 0; k < seeds; k++) {
            s += perModel[wi * seeds + k];
        }
        return s / seeds;
    }

    /** Standard deviation of α when each width's seeds are resampled with replacement (0 for one seed). */
    private static double bootstrapAlphaSd(Setup s, double[] n, double[] perModel, int nw, int seeds, Random rnd) {
        if (seeds < 2) {
            return 0;
        }
        int reps = 200;
        double[] alphas = new double[reps];
        for (int b = 0; b < reps; b++) {
            double[] l = new double[nw];
            for (int wi = 0; wi < nw; wi++) {
                double sum = 0;
                for (int k = 0; k < seeds; k++) {
                    sum += perModel[wi * seeds + rnd.nextInt(seeds)];
                }
                l[wi] = sum / seeds;
            }
            alphas[b] = law(s, n, l).alpha();
        }
        double mean = Fit.mean(alphas);
        double v = 0;
        for (double a : alphas) {
            v += (a - mean) * (a - mean);
        }
        return Math.sqrt(v / (reps - 1));
    }

    private static double[] curve(PowerLaw.Result r, double[] n) {
        double[] out = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            out[i] = r.at(n[i]);
        }
        return out;
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
