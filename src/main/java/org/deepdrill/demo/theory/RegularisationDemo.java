package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.deepdrill.demo.lib.data.GaussianClasses;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q34: regularisation on a small over-fitting task. Four copies of one MLP, from the same initial
 * weights, learn a few hundred points whose labels are partly wrong: no regulariser, inverted
 * dropout, label smoothing, decoupled weight decay. Train and test accuracy, their gap and the test
 * NLL are measured per copy; for the dropout copy, the deterministic eval network is compared with
 * single stochastic passes.
 */
public final class RegularisationDemo implements Demo<RegularisationDemo.Setup, RegularisationDemo.Run> {
    public static final String ID = "regularisation";
    static final String[] NAMES = {"none", "dropout", "label smoothing", "weight decay"};
    private static final int DIM = 10;
    private static final int CLASSES = 4;
    private static final int HIDDEN = 64;
    private static final int TEST_POINTS = 1000;
    private static final int MASK_PASSES = 16;
    private static final double SEPARATION = 1.0;
    private static final double LR = 2e-3;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Regularisation: dropout, label smoothing, weight decay",
            "Trains four copies of one MLP on a few hundred points with partly wrong labels (none, inverted dropout, "
                    + "label smoothing, weight decay) and measures each one's train/test accuracy gap and test NLL, and what "
                    + "the dropout copy's eval switch and 1/(1 − p) rescaling buy.",
            List.of("q34-regularisation"),
            List.of(ParamSpec.ofInt("trainPoints", "Training points").range(128, 512).byDefault(256),
                    ParamSpec.ofInt("steps", "Full-batch Adam steps").range(500, 1500).byDefault(1200).quick(700),
                    ParamSpec.ofDouble("labelNoise", "Share of training labels replaced by a wrong class").range(0.2, 0.4)
                            .byDefault(0.3).help("test labels stay clean"),
                    ParamSpec.ofDouble("dropout", "Dropout rate p (both hidden layers)").range(0.4, 0.6).byDefault(0.5),
                    ParamSpec.ofDouble("smoothing", "Label smoothing ε").range(0.1, 0.3).byDefault(0.2),
                    ParamSpec.ofDouble("decay", "Decoupled weight decay λ (AdamW)").range(10, 40).byDefault(20),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code evalSwitch} and {@code rescale} are what the two breaks take away. */
    public record Setup(int trainPoints, int steps, double labelNoise, double dropout, double smoothing, double decay,
                        long seed, boolean evalSwitch, boolean rescale) {
        Setup withEvalSwitch(boolean on) {
            return new Setup(trainPoints, steps, labelNoise, dropout, smoothing, decay, seed, on, rescale);
        }

        Setup withRescale(boolean on) {
            return new Setup(trainPoints, steps, labelNoise, dropout, smoothing, decay, seed, evalSwitch, on);
        }
    }

    /**
     * Per variant (in {@link #NAMES} order): accuracy on the (noisy) training labels and on clean test
     * labels, and test NLL, all as deployed. For the dropout copy: the mean test accuracy of single
     * masked passes, the RMS of the deployed and of the masked test logits, and the share of test
     * predictions that change between two deployed passes. Curves: test accuracy per check step.
     */
    public record Run(int trainPoints, double labelNoise, double dropout, double[] trainAcc, double[] testAcc,
                      double[] testNll, double onePassAcc, double deployedRms, double maskedRms, double maskGap, double flipRate,
                      double[] checkSteps, double[][] trainCurve, double[][] testCurve) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("trainPoints"), p.getInt("steps"), p.getDouble("labelNoise"), p.getDouble("dropout"),
                p.getDouble("smoothing"), p.getDouble("decay"), p.getInt("seed"), true, true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-eval-switch", "The model is never put in eval mode: dropout stays on at test time",
                                s -> s.withEvalSwitch(false))
                        .flips("eval-beats-one-mask", "the deployed prediction is itself one random sub-network")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("no-rescale", "Kept units are not divided by 1 − p in training; eval is the identity",
                                s -> s.withRescale(false))
                        .flips("eval-scale-matches", "at eval every unit is on, so each layer's input is 1/(1 − p) too large")
                        .explainedIn("Dropout, and why the rescaling")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double base = gap(r, 0);
        return List.of(
                Claim.atLeast("baseline-overfits", "Without a regulariser the net memorises: train − test accuracy", base, 0.15),
                Claim.atMost("dropout-narrows-gap", "Dropout narrows the gap: its train − test accuracy / the baseline's",
                        gap(r, 1) / base, 0.6),
                Claim.atMost("smoothing-lowers-nll", "Label smoothing curbs confident mistakes: its test NLL / the baseline's",
                        r.testNll()[2] / r.testNll()[0], 0.85),
                Claim.atMost("decay-narrows-gap", "Weight decay narrows the gap: its train − test accuracy / the baseline's",
                        gap(r, 3) / base, 0.6),
                Claim.atLeast("eval-beats-one-mask", "The eval network beats one random sub-network: deployed test accuracy − "
                        + "mean accuracy of single masked passes", r.testAcc()[1] - r.onePassAcc(), 0.02),
                Claim.between("eval-scale-matches", "Eval keeps the training scale: RMS of deployed test logits / RMS in "
                        + "masked passes", r.deployedRms() / r.maskedRms(), 0.8, 1.25));
    }

    static double gap(Run r, int variant) {
        return r.trainAcc()[variant] - r.testAcc()[variant];
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        long meanSeed = 7919 * s.seed() + 11;
        GaussianClasses train = GaussianClasses.generate(s.trainPoints(), DIM, CLASSES, SEPARATION, meanSeed, s.seed());
        GaussianClasses test = GaussianClasses.generate(TEST_POINTS, DIM, CLASSES, SEPARATION, meanSeed, s.seed() + 1000);
        int[] noisy = corrupt(train.y, s.labelNoise(), new Random(s.seed() + 17));
        NDArray xTrain = m.create(train.x);
        NDArray xTest = m.create(test.x);
        NDArray yTrain = m.create(noisy).toType(DataType.INT64, false);
        NDArray yTest = m.create(test.y).toType(DataType.INT64, false);
        int v = NAMES.length;
        float keep = (float) (1 - s.dropout());
        VariantMlps nets = new VariantMlps(m, v, DIM, HIDDEN, CLASSES, new float[] {1, keep, 1, 1}, new Random(s.seed() + 3));
        NDArray targets = smoothedTargets(m, noisy, new float[] {0, 0, (float) s.smoothing(), 0}); // (V,N,K)
        NDArray shrink = m.create(new float[] {1, 1, 1, (float) (1 - LR * s.decay())}, new Shape(v, 1, 1));
        Updates.Adam adam = new Updates.Adam(nets.params());

        ctx.liveChart("test-accuracy", "Test accuracy per regulariser (live)", "step", "accuracy", false);
        int every = Math.max(1, s.steps() / 25);
        List<Double> checks = new ArrayList<>();
        List<double[]> trainCurve = new ArrayList<>();
        List<double[]> testCurve = new ArrayList<>();
        try (OneThread one = OneThread.on(ctx)) {
            for (int step = 1; step <= s.steps(); step++) {
                try (NDManager sub = m.newSubManager()) {
                    sub.tempAttachAll(nets.params());
                    sub.tempAttachAll(xTrain, targets, shrink, nets.keep());
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = nets.forward(xTrain, true, s.rescale()).logSoftmax(-1); // (V,N,K)
                        NDArray loss = logp.mul(targets).sum().neg().div(s.trainPoints());
                        ctx.checkFinite("loss", loss.getFloat());
                        gc.backward(loss);
                    }
                    adam.step(sub, LR);
                    for (NDArray w : nets.weights()) {
                        w.muli(shrink); // decoupled decay: only the weight-decay copy has a factor below 1
                    }
                }
                if (step == 1 || step % every == 0 || step == s.steps()) {
                    double[] tr = accuracy(m, nets, xTrain, yTrain, s);
                    double[] te = accuracy(m, nets, xTest, yTest, s);
                    checks.add((double) step);
                    trainCurve.add(tr);
                    testCurve.add(te);
                    for (int k = 0; k < v; k++) {
                        ctx.point("test-accuracy", NAMES[k], step, te[k]);
                    }
                    ctx.progress(step, s.steps(), "step " + step);
                }
            }
            return finish(m, nets, s, xTrain, yTrain, xTest, yTest, checks, trainCurve, testCurve);
        }
    }

    private Run finish(NDManager m, VariantMlps nets, Setup s, NDArray xTrain, NDArray yTrain, NDArray xTest, NDArray yTest,
                       List<Double> checks, List<double[]> trainCurve, List<double[]> testCurve) {
        double[] trainAcc = accuracy(m, nets, xTrain, yTrain, s);
        double[] testAcc;
        double[] testNll;
        double onePass = 0;
        double deployedRms;
        double maskedRms = 0;
        double flips;
        double maskGap;
        try (NDManager sub = m.newSubManager()) {
            sub.tempAttachAll(nets.params());
            sub.tempAttachAll(xTest, yTest, nets.keep());
            NDArray deployed = deployed(nets, xTest, s); // (V,N,K)
            testAcc = perVariant(deployed.argMax(-1).eq(yTest).toType(DataType.FLOAT32, false).mean(new int[] {1}));
            NDArray logp = deployed.logSoftmax(-1);
            NDArray picked = logp.mul(yTest.oneHot(CLASSES).toType(DataType.FLOAT32, false)).sum(new int[] {2}); // (V,N)
            testNll = perVariant(picked.neg().mean(new int[] {1}));
            deployedRms = rms(deployed.get(1));
            NDArray again = deployed(nets, xTest, s).get(1).argMax(-1);
            flips = again.eq(deployed.get(1).argMax(-1)).logicalNot().toType(DataType.FLOAT32, false).mean().getFloat();
            NDArray sum = null;
            for (int pass = 0; pass < MASK_PASSES; pass++) {
                NDArray masked = nets.forward(xTest, true, s.rescale()).get(1); // (N,K)
                onePass += masked.argMax(-1).eq(yTest).toType(DataType.FLOAT32, false).mean().getFloat() / MASK_PASSES;
                sum = sum == null ? masked : sum.add(masked);
            }
            NDArray average = sum.div(MASK_PASSES); // (N,K) the mask average the eval network stands in for
            maskedRms = rms(average);
            maskGap = rms(deployed.get(1).sub(average)) / maskedRms;
        }
        double[][] tr = trainCurve.toArray(new double[0][]);
        double[][] te = testCurve.toArray(new double[0][]);
        return new Run(s.trainPoints(), s.labelNoise(), s.dropout(), trainAcc, testAcc, testNll, onePass, deployedRms,
                maskedRms, maskGap, flips, checks.stream().mapToDouble(Double::doubleValue).toArray(), transpose(tr), transpose(te));
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        List<Series> curves = new ArrayList<>();
        for (int k = 0; k < NAMES.length; k++) {
            curves.add(new Series(NAMES[k] + ": test", r.checkSteps(), r.testCurve()[k]));
            curves.add(new Series(NAMES[k] + ": train", r.checkSteps(), r.trainCurve()[k]));
        }
        out.chart(Chart.line("train-test", "Accuracy on the noisy training labels and on clean test labels", "step",
                "accuracy", curves));
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < NAMES.length; k++) {
            rows.add(List.of(NAMES[k], Claim.num(r.trainAcc()[k]), Claim.num(r.testAcc()[k]), Claim.num(gap(r, k)),
                    Claim.num(r.testNll()[k])));
        }
        out.table(new Table("per-variant", "After training (as deployed)", List.of("regulariser", "train accuracy",
                "test accuracy", "gap", "test NLL"), rows));
        return out.metric("share of wrong training labels", r.labelNoise(), "")
                .metric("best possible train accuracy without memorising ≈", 1 - r.labelNoise(), "")
                .metric("dropout copy: deployed test accuracy", r.testAcc()[1], "")
                .metric("dropout copy: mean test accuracy of one masked pass", r.onePassAcc(), "")
                .metric("dropout copy: test predictions that change between two deployed passes", r.flipRate(), "")
                .metric("dropout copy: deployed / mask-averaged logit RMS", r.deployedRms() / r.maskedRms(), "×")
                .metric("dropout copy: RMS(deployed − mask average) / RMS(mask average)", r.maskGap(), "")
                .note(r.trainPoints() + " training points in " + DIM + " dimensions, " + CLASSES + " Gaussian classes; "
                        + Claim.num(100 * r.labelNoise()) + "% of training labels replaced by a wrong class, test labels clean. "
                        + "MLP " + DIM + "-" + HIDDEN + "-" + HIDDEN + "-" + CLASSES + " (ReLU), all four copies from the same "
                        + "initial weights, full-batch Adam at " + LR + ". Dropout p = " + Claim.num(r.dropout())
                        + " after both hidden layers.")
                .build();
    }

    /** The logits the code serves at test time: no masks when the eval switch works. */
    private static NDArray deployed(VariantMlps nets, NDArray x, Setup s) {
        return nets.forward(x, !s.evalSwitch(), s.rescale());
    }

    private static double[] accuracy(NDManager m, VariantMlps nets, NDArray x, NDArray y, Setup s) {
        try (NDManager sub = m.newSubManager()) {
            sub.tempAttachAll(nets.params());
            sub.tempAttachAll(x, y, nets.keep());
            NDArray hit = deployed(nets, x, s).argMax(-1).eq(y).toType(DataType.FLOAT32, false); // (V,N)
            return perVariant(hit.mean(new int[] {1}));
        }
    }

    private static double[] perVariant(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double rms(NDArray a) {
        return Math.sqrt(a.square().mean().getFloat());
    }

    /** Each label is replaced, with probability {@code rate}, by one of the other classes. */
    static int[] corrupt(int[] y, double rate, Random rnd) {
        int[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (rnd.nextDouble() < rate) {
                out[i] = (y[i] + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
            }
        }
        return out;
    }

    /** (1 − ε_v)·one-hot + ε_v/K for each variant v: (V,N,K). */
    private static NDArray smoothedTargets(NDManager m, int[] y, float[] eps) {
        float[] t = new float[eps.length * y.length * CLASSES];
        for (int k = 0; k < eps.length; k++) {
            for (int i = 0; i < y.length; i++) {
                for (int c = 0; c < CLASSES; c++) {
                    t[(k * y.length + i) * CLASSES + c] = (c == y[i] ? 1 - eps[k] : 0) + eps[k] / CLASSES;
                }
            }
        }
        return m.create(t, new Shape(eps.length, y.length, CLASSES));
    }

    private static double[][] transpose(double[][] a) {
        double[][] out = new double[a.length == 0 ? 0 : a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                out[k][i] = a[i][k];
            }
        }
        return out;
    }
}
