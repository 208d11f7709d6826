package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q35: evaluation and calibration. An MLP trained too long on a small set becomes over-confident;
 * its reliability diagram and ECE on test data are measured before and after temperature scaling
 * fitted on held-out data. Then the model's own predictive distribution serves as a sampler: each
 * test point is a "problem", n answers are drawn per problem, and the unbiased and the naive pass@k
 * estimators are compared with the exact pass@k over many repeated evaluations.
 */
public final class CalibrationDemo implements Demo<CalibrationDemo.Setup, CalibrationDemo.Run> {
    public static final String ID = "calibration";
    private static final int DIM = 10;
    private static final int CLASSES = 4;
    private static final int HIDDEN = 64;
    private static final double SEPARATION = 0.5;
    private static final int HELD_OUT = 1000;
    private static final int TEST_POINTS = 2000;
    private static final int BINS = 15;
    private static final double LR = 2e-3;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Calibration, temperature scaling and pass@k",
            "Trains an MLP too long on a small set, measures its reliability diagram and ECE before and after temperature "
                    + "scaling fitted on held-out data, then samples answers from it to compare the unbiased and the naive "
                    + "pass@k estimators with the exact value.",
            List.of("q35-evaluation-calibration"),
            List.of(ParamSpec.ofInt("trainPoints", "Training points").range(128, 512).byDefault(256),
                    ParamSpec.ofInt("steps", "Full-batch Adam steps").range(400, 2000).byDefault(1000).quick(600),
                    ParamSpec.ofInt("samples", "Samples per problem n (pass@k)").range(6, 40).byDefault(10)
                            .help("the claims use k = n/2"),
                    ParamSpec.ofInt("repeats", "Repeated evaluations (pass@k)").range(50, 2000).byDefault(400).quick(150)
                            .help("each draws n fresh answers for every problem"),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code fitOnTraining} and {@code naiveReported} are the two breaks. */
    public record Setup(int trainPoints, int steps, int samples, int repeats, long seed, boolean fitOnTraining,
                        boolean naiveReported) {
        Setup fittedOnTraining() {
            return new Setup(trainPoints, steps, samples, repeats, seed, true, naiveReported);
        }

        Setup naive() {
            return new Setup(trainPoints, steps, samples, repeats, seed, fitOnTraining, true);
        }
    }

    /**
     * Calibration: the fitted temperature, train accuracy, and on test data before/after scaling the
     * reliability bins (count, confidence, accuracy), ECE and NLL. pass@k for k = 1..n: exact value,
     * the mean of the reported estimator over the repeats and its standard error, and the mean of the
     * naive estimator. Curves: train and held-out NLL per check step.
     */
    public record Run(double temperature, double trainAcc, double[][] binsBefore, double[][] binsAfter, double eceBefore,
                      double eceAfter, double nllBefore, double nllAfter, int samples, int repeats, double[] exact,
                      double[] reported, double[] reportedSe, double[] naive, double[] checkSteps, double[] trainNll,
                      double[] heldOutNll) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("trainPoints"), p.getInt("steps"), p.getInt("samples"), p.getInt("repeats"),
                p.getInt("seed"), false, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("fit-on-training-data", "The temperature is fitted on the training set instead of held-out data",
                                Setup::fittedOnTraining)
                        .flips("scaling-fixes-ece", "on data it has memorised the model is right and sure, so the fit sharpens it")
                        .flips("calibrated-after", "the over-confidence stays, or grows")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("naive-pass-at-k", "pass@k is reported as 1 − (1 − c/n)^k from the per-problem success rate",
                                Setup::naive)
                        .flips("pass-at-k-unbiased", "the plug-in estimate of a concave function is biased low")
                        .explainedIn("pass@k")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double[] before = Calibration.confidenceAndAccuracy(r.binsBefore());
        int k = r.samples() / 2;
        double z = (r.reported()[k - 1] - r.exact()[k - 1]) / r.reportedSe()[k - 1];
        return List.of(
                Claim.atLeast("overconfident", "Trained too long, the model is over-confident: mean test confidence − test "
                        + "accuracy", before[0] - before[1], 0.1),
                Claim.atMost("scaling-fixes-ece", "Temperature scaling fitted on held-out data fixes calibration: test ECE "
                        + "after / before", r.eceAfter() / r.eceBefore(), 0.35),
                Claim.atMost("calibrated-after", "After scaling, test ECE (" + BINS + " bins)", r.eceAfter(), 0.05),
                Claim.between("pass-at-k-unbiased", "The reported pass@" + k + " is unbiased: (mean over repeats − exact) / "
                        + "standard error", z, -4, 4));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        long meanSeed = 7907 * s.seed() + 5;
        GaussianClasses train = GaussianClasses.generate(s.trainPoints(), DIM, CLASSES, SEPARATION, meanSeed, s.seed());
        GaussianClasses held = GaussianClasses.generate(HELD_OUT, DIM, CLASSES, SEPARATION, meanSeed, s.seed() + 1000);
        GaussianClasses test = GaussianClasses.generate(TEST_POINTS, DIM, CLASSES, SEPARATION, meanSeed, s.seed() + 2000);
        NDArray xTrain = m.create(train.x);
        NDArray xHeld = m.create(held.x);
        NDArray oneHot = m.create(train.y).toType(DataType.INT64, false).oneHot(CLASSES).toType(DataType.FLOAT32, false);
        PlainMlp net = new PlainMlp(m, DIM, HIDDEN, CLASSES, new Random(s.seed() + 3));
        UpdateRule adam = UpdateRule.adam();

        ctx.liveChart("nll", "Training and held-out NLL (live): the held-out NLL turns up as the model grows sure", "step",
                "NLL", true);
        int every = Math.max(1, s.steps() / 40);
        List<double[]> curve = new ArrayList<>();
        try (OneThread one = OneThread.on(ctx)) {
            for (int step = 1; step <= s.steps(); step++) {
                double loss;
                try (NDManager sub = m.newSubManager()) {
                    sub.tempAttachAll(net.params().toArray(new NDArray[0]));
                    sub.tempAttachAll(xTrain, oneHot);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = net.forward(xTrain).logSoftmax(-1).mul(oneHot).sum().neg().div(s.trainPoints());
                        loss = ctx.checkFinite("loss", l.getFloat());
                        gc.backward(l);
                    }
                }
                net.step(m, adam, LR);
                if (step == 1 || step % every == 0 || step == s.steps()) {
                    double heldNll = Calibration.nll(logits(m, net, xHeld), held.y, 1);
                    curve.add(new double[] {step, loss, heldNll});
                    ctx.point("nll", "training", step, loss);
                    ctx.point("nll", "held-out", step, heldNll);
                    ctx.progress(step, s.steps(), "step " + step);
                }
            }
            double[][] trainLogits = logits(m, net, xTrain);
            double[][] testLogits = logits(m, net, m.create(test.x));
            double heldT = Calibration.fitTemperature(logits(m, net, xHeld), held.y);
            double t = s.fitOnTraining() ? Calibration.fitTemperature(trainLogits, train.y) : heldT;
            double trainAcc = Calibration.confidenceAndAccuracy(Calibration.reliability(Calibration.softmax(trainLogits, 1),
                    train.y, BINS))[1];
            double[][] before = Calibration.reliability(Calibration.softmax(testLogits, 1), test.y, BINS);
            double[][] scaled = Calibration.softmax(testLogits, t);
            double[][] after = Calibration.reliability(scaled, test.y, BINS);
            // Answers are sampled at the held-out temperature, whichever one the calibration part used.
            double[][] pk = PassAtK.simulate(Calibration.softmax(testLogits, heldT), test.y, s.samples(), s.repeats(), new Random(s.seed() + 41), s.naiveReported());
            return new Run(t, trainAcc, before, after, Calibration.ece(before), Calibration.ece(after),
                    Calibration.nll(testLogits, test.y, 1), Calibration.nll(testLogits, test.y, t), s.samples(), s.repeats(),
                    pk[0], pk[1], pk[2], pk[3], column(curve, 0), column(curve, 1), column(curve, 2));
        }
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        out.chart(Chart.line("reliability", "Reliability diagram on test data: accuracy against confidence per bin",
                "confidence", "accuracy", List.of(new Series("perfect calibration", new double[] {0, 1}, new double[] {0, 1}),
                        binSeries("before scaling (T = 1)", r.binsBefore()),
                        binSeries("after scaling (T = " + Claim.num(r.temperature()) + ")", r.binsAfter()))));
        double[] ks = new double[r.samples()];
        for (int k = 1; k <= r.samples(); k++) {
            ks[k - 1] = k;
        }
        out.chart(Chart.line("pass-at-k", "pass@k over " + r.repeats() + " repeated evaluations, n = " + r.samples()
                        + " samples per problem", "k", "pass@k", List.of(new Series("exact", ks, r.exact()),
                        new Series("reported estimator (mean)", ks, r.reported()), new Series("naive 1 − (1 − c/n)^k (mean)", ks,
                                r.naive()))));
        out.chart(Chart.line("training", "Training and held-out NLL", "step", "NLL", List.of(
                new Series("training", r.checkSteps(), r.trainNll()), new Series("held-out", r.checkSteps(), r.heldOutNll())))
                .withLog(false, true));
        List<List<String>> rows = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            double[] x = r.binsBefore()[b];
            double[] y = r.binsAfter()[b];
            rows.add(List.of(Claim.num((double) b / BINS) + "–" + Claim.num((b + 1.0) / BINS), Claim.num(x[0]),
                    x[0] > 0 ? Claim.num(x[1]) : "", x[0] > 0 ? Claim.num(x[2]) : "", Claim.num(y[0]),
                    y[0] > 0 ? Claim.num(y[1]) : "", y[0] > 0 ? Claim.num(y[2]) : ""));
        }
        out.table(new Table("bins", "Reliability bins on test data", List.of("confidence bin", "count (T = 1)", "confidence",
                "accuracy", "count (scaled)", "confidence", "accuracy"), rows));
        double[] before = Calibration.confidenceAndAccuracy(r.binsBefore());
        double[] after = Calibration.confidenceAndAccuracy(r.binsAfter());
        int k = r.samples() / 2;
        return out.metric("fitted temperature T", r.temperature(), "")
                .metric("train accuracy", r.trainAcc(), "")
                .metric("test accuracy (unchanged by T)", before[1], "")
                .metric("mean test confidence before → after", before[0], "→ " + Claim.num(after[0]))
                .metric("test ECE before", r.eceBefore(), "")
                .metric("test ECE after", r.eceAfter(), "")
                .metric("test NLL before → after", r.nllBefore(), "→ " + Claim.num(r.nllAfter()))
                .metric("pass@" + k + " exact", r.exact()[k - 1], "")
                .metric("pass@" + k + " reported (mean ± s.e.)", r.reported()[k - 1], "± " + Claim.num(r.reportedSe()[k - 1]))
                .metric("pass@" + k + " naive (mean)", r.naive()[k - 1], "")
                .metric("naive bias at k = " + k + " (exact − naive mean; ≥ 0 in any world by Jensen)",
                        r.exact()[k - 1] - r.naive()[k - 1], "")
                .note("Four Gaussian classes in " + DIM + " dimensions; an MLP " + DIM + "-" + HIDDEN + "-" + HIDDEN + "-" + CLASSES
                        + " trained by full-batch Adam on the training set only. The temperature minimises NLL on "
                        + HELD_OUT + " held-out points; ECE uses " + BINS + " equal-width bins on " + TEST_POINTS
                        + " test points. For pass@k every test point is a problem whose answers are drawn from the scaled "
                        + "softmax; the exact pass@k is the mean of 1 − (1 − p_i)^k over the model's probabilities p_i of the "
                        + "right class.")
                .build();
    }

    private static Series binSeries(String name, double[][] bins) {
        List<double[]> pts = new ArrayList<>();
        for (double[] b : bins) {
            if (b[0] > 0) {
                pts.add(new double[] {b[1], b[2]});
            }
        }
        return new Series(name, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static double[][] logits(NDManager m, PlainMlp net, NDArray x) {
        try (NDManager sub = m.newSubManager()) {
            sub.tempAttachAll(net.params().toArray(new NDArray[0]));
            sub.tempAttachAll(x);
            NDArray z = net.forward(x).toType(DataType.FLOAT64, false);
            int k = (int) z.getShape().get(1);
            double[] flat = z.toDoubleArray();
            double[][] out = new double[flat.length / k][k];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * k, out[i], 0, k);
            }
            return out;
        }
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }
}
