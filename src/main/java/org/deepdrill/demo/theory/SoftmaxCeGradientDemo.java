package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q30: the gradient of softmax cross-entropy with respect to the logits is p − y. Autograd and
 * central differences are compared with the formula (hard and label-smoothed targets); one wrong
 * logit is raised to show the cross-entropy gradient staying of order one where squared error on
 * the probabilities vanishes; a linear classifier is trained from a confidently wrong start.
 */
public final class SoftmaxCeGradientDemo implements Demo<SoftmaxCeGradientDemo.Setup, SoftmaxCeGradientDemo.Run> {
    public static final String ID = "softmax-ce-gradient";
    private static final int TRAIN_CLASSES = 4;
    private static final int TRAIN_DIM = 8;
    private static final int MARGINS = 41;

    private static final DemoSpec SPEC = new DemoSpec(ID, "The softmax cross-entropy gradient is p − y",
            "Compares autograd, central differences and the formula p − y for the logit gradient, with hard and "
                    + "smoothed labels; sweeps how confidently wrong the logits are and compares cross-entropy with "
                    + "squared error on the probabilities; trains both from a confidently wrong start.",
            List.of("q30-softmax-cross-entropy-gradient"),
            List.of(ParamSpec.ofInt("classes", "Classes K for the gradient check").range(2, 1000).byDefault(10),
                    ParamSpec.ofInt("rows", "Rows of logits").range(1, 4096).byDefault(512).quick(64),
                    ParamSpec.ofDouble("scale", "Std of the random logits").range(0.1, 20).byDefault(3)
                            .help("larger logits give peakier softmax outputs"),
                    ParamSpec.ofDouble("smoothing", "Label smoothing α").range(0, 0.5).byDefault(0.1)
                            .help("soft target q = (1 − α)·y + α/K; the gradient becomes p − q"),
                    ParamSpec.ofInt("steps", "Training steps from a wrong start").range(20, 2000).byDefault(400).quick(150),
                    ParamSpec.ofDouble("lr", "Learning rate (both losses)").range(0.01, 5).byDefault(0.5),
                    ParamSpec.ofDouble("wrongness", "Initial weight scale of the wrong start").range(0.5, 8).byDefault(4)
                            .help("weights map each class to the next one; larger = more confidently wrong"),
                    ParamSpec.seed(3)));

    /** What the "cross-entropy" side really computes: the right thing, or one of two popular slips. */
    public enum Variant { CORRECT, DIAGONAL_JACOBIAN, SQUARED_ERROR }

    public record Setup(int classes, int rows, double scale, double smoothing, int steps, double lr, double wrongness,
                        long seed, Variant variant) {
        Setup with(Variant v) {
            return new Setup(classes, rows, scale, smoothing, steps, lr, wrongness, seed, v);
        }
    }

    /**
     * The identity check (worst relative errors, worst row sum, largest entry), the margin sweep, and
     * both training runs: accuracy curves, first step at 90 % (−1 if never), weight-gradient norm at the start.
     */
    public record Run(int classes, int rows, double smoothing, double formulaError, double fdError, double rowSum,
                      double maxAbs, double[][] identityRows, double[] margin, double[] ceNorm, double[] mseNorm,
                      double[] pTrue, int steps, double[] accSteps, double[] ceAcc, double[] mseAcc, double ceReached,
                      double mseReached, double ceGrad0, double mseGrad0) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("classes"), p.getInt("rows"), p.getDouble("scale"), p.getDouble("smoothing"),
                p.getInt("steps"), p.getDouble("lr"), p.getDouble("wrongness"), p.getInt("seed"), Variant.CORRECT);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("diagonal-jacobian", "The formula under test keeps only the softmax Jacobian's diagonal: "
                                + "∂ℓ/∂z_k = −y_k(1 − p_k)", s -> s.with(Variant.DIAGONAL_JACOBIAN))
                        .flips("autograd-matches", "the off-diagonal terms −p_k·p_j are what make the answer p − y")
                        .flips("finite-differences-match", "the loss itself disagrees with the truncated formula")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("squared-error", "The classifier is trained and probed with ½‖p − y‖² instead of cross-entropy",
                                s -> s.with(Variant.SQUARED_ERROR))
                        .flips("ce-recovers", "from a confidently wrong start squared error barely moves")
                        .flips("mse-slower", "both runs are then equally slow")
                        .explainedIn("Why squared error on probabilities trains badly")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double ceSteps = r.ceReached() < 0 ? r.steps() + 1 : r.ceReached();
        double mseSteps = r.mseReached() < 0 ? r.steps() + 1 : r.mseReached();
        return List.of(
                Claim.atMost("autograd-matches", "Autograd equals p − y (hard and smoothed targets): relative error",
                        r.formulaError(), 1e-12),
                Claim.atMost("finite-differences-match", "Central differences (h = 1e-6) agree with p − y: relative error",
                        r.fdError(), 1e-7),
                Claim.atLeast("ce-recovers", "Cross-entropy recovers from the wrong start: accuracy after training",
                        r.ceAcc()[r.ceAcc().length - 1], 0.9),
                Claim.atLeast("mse-slower", "Squared error on the probabilities is stuck far longer: steps to 90% accuracy, "
                        + "squared error / cross-entropy (a run that never gets there counts as steps + 1)", mseSteps / ceSteps, 10));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        ctx.liveChart("training", "Accuracy while training from a confidently wrong start (live)", "step", "accuracy", false);
        double[][] identity = checkGradient(s, ctx.manager(), rnd);
        ctx.progress(1, 3, "gradient checked");
        double[] margin = new double[MARGINS];
        for (int i = 0; i < MARGINS; i++) {
            margin[i] = 20.0 * i / (MARGINS - 1);
        }
        double[][] sweep = saturation(s, ctx.manager(), margin);
        ctx.progress(2, 3, "saturation sweep done");
        Blobs data = blobs(ctx.manager(), rnd);
        Training ce = train(s, ctx, data, s.variant() != Variant.SQUARED_ERROR);
        Training mse = train(s, ctx, data, false);
        double worstFormula = Math.max(identity[0][0], identity[1][0]);
        double worstFd = Math.max(identity[0][1], identity[1][1]);
        double rowSum = Math.max(identity[0][2], identity[1][2]);
        double maxAbs = Math.max(identity[0][3], identity[1][3]);
        return new Run(s.classes(), s.rows(), s.smoothing(), worstFormula, worstFd, rowSum, maxAbs, identity, margin,
                sweep[0], sweep[1], sweep[2], s.steps(), ce.steps, ce.acc, mse.acc, ce.reached, mse.reached, ce.grad0,
                mse.grad0);
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        List<List<String>> table = new ArrayList<>();
        String[] names = {"one-hot y", "smoothed q (α = " + Claim.num(r.smoothing()) + ")"};
        for (int i = 0; i < 2; i++) {
            double[] row = r.identityRows()[i];
            table.add(List.of(names[i], Claim.num(row[0]), Claim.num(row[1]), Claim.num(row[2]), Claim.num(row[3])));
        }
        out.table(new Table("identity", "∂ℓ/∂z against p − y (" + r.rows() + " rows, K = " + r.classes() + ", float64)",
                List.of("target", "autograd vs p − y", "finite diff. vs p − y", "max |Σ_k ∂ℓ/∂z_k|", "max |∂ℓ/∂z_k|"), table));
        out.chart(Chart.line("saturation", "‖∂loss/∂z‖ as the model grows confidently wrong", "wrong-class logit margin",
                "gradient norm (log)", List.of(new Series("cross-entropy", r.margin(), r.ceNorm()),
                        new Series("squared error on p", r.margin(), r.mseNorm()),
                        new Series("p(true class)", r.margin(), r.pTrue()))).withLog(false, true));
        out.chart(Chart.line("training", "Accuracy while training from a confidently wrong start", "step", "accuracy",
                List.of(new Series("cross-entropy", r.accSteps(), r.ceAcc()),
                        new Series("squared error on p", r.accSteps(), r.mseAcc()))));
        int last = MARGINS - 1;
        int at10 = (MARGINS - 1) / 2;
        return out.metric("CE gradient norm at margin 10 (√2·(1 − p) by algebra)", r.ceNorm()[at10], "")
                .metric("squared-error gradient norm at margin 10 (carries a factor p by algebra)", r.mseNorm()[at10], "")
                .metric("max |row sum of ∂ℓ/∂z| (zero by algebra)", r.rowSum(), "")
                .metric("max |∂ℓ/∂z| (at most 1 for any p)", r.maxAbs(), "")
                .metric("CE gradient norm at margin 20", r.ceNorm()[last], "")
                .metric("squared-error gradient norm at margin 20", r.mseNorm()[last], "")
                .metric("accuracy at the wrong start", r.ceAcc()[0], "")
                .metric("‖∇W‖ at the start, squared error / cross-entropy", r.mseGrad0() / r.ceGrad0(), "")
                .metric("CE steps to 90% accuracy", r.ceReached() < 0 ? r.steps() + 1 : r.ceReached(), "")
                .metric("squared-error steps to 90% accuracy" + (r.mseReached() < 0 ? " (not reached: lower bound)" : ""),
                        r.mseReached() < 0 ? r.steps() + 1 : r.mseReached(), "")
                .note("Row sums vanish and |∂ℓ/∂z| ≤ 1 for any probabilities and any target that sums to one, and the "
                        + "gradient norms of the margin sweep follow from the closed-form losses at hand-built logits, so "
                        + "all of these are shown as metrics, not claims; the training runs carry the claims.")
                .build();
    }

    // --- measurement -----------------------------------------------------------------------

    /** Per target (hard, smoothed): {autograd vs formula, finite differences vs formula, max |row sum|, max |entry|}. */
    private static double[][] checkGradient(Setup s, NDManager m, Random rnd) {
        int k = s.classes();
        NDArray z = m.randomNormal(0, (float) s.scale(), new Shape(s.rows(), k), DataType.FLOAT64); // (B,K)
        int[] labels = new int[s.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextInt(k);
        }
        NDArray hard = m.create(labels).oneHot(k).toType(DataType.FLOAT64, false); // (B,K)
        NDArray soft = hard.mul(1 - s.smoothing()).add(s.smoothing() / k); // (B,K)
        double[][] out = new double[2][];
        int i = 0;
        for (NDArray target : List.of(hard, soft)) {
            NDArray auto = autogradLogits(z, target); // (B,K)
            NDArray formula = formula(z.softmax(-1), target, s.variant()); // (B,K)
            NDArray fd = finiteDifferences(m, z, target, 1e-6);
            out[i++] = new double[] {Num.relErr(auto, formula), Num.relErr(fd, formula),
                    auto.sum(new int[] {1}).abs().max().getDouble(), auto.abs().max().getDouble()};
        }
        return out;
    }

    /** The gradient formula under test: p − q, or the diagonal-only slip −q ⊙ (1 − p). */
    private static NDArray formula(NDArray p, NDArray q, Variant v) {
        return v == Variant.DIAGONAL_JACOBIAN ? q.mul(p.neg().add(1)).neg() : p.sub(q);
    }

    /** Gradient of Σ_rows ℓ(z_row) with respect to z, by DJL autograd. */
    private static NDArray autogradLogits(NDArray z, NDArray target) {
        NDArray leaf = z.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(leaf.logSoftmax(-1).mul(target).sum().neg());
        }
        return leaf.getGradient().duplicate();
    }

    /** {CE-side gradient norms, squared-error gradient norms, p(true)} as one wrong logit grows. */
    private static double[][] saturation(Setup s, NDManager m, double[] margin) {
        int k = s.classes();
        // Row i: the true class is 0 with logit 0, class 1 has logit margin[i], the rest 0.
        double[][] logits = new double[margin.length][k];
        for (int i = 0; i < margin.length; i++) {
            logits[i][1] = margin[i];
        }
        NDArray z = m.create(logits); // (M,K)
        NDArray y = m.zeros(new Shape(margin.length, k), DataType.FLOAT64);
        y.set(new NDIndex(":, 0"), 1.0);
        double[] ce = lossGradientNorms(z, y, s.variant() != Variant.SQUARED_ERROR).toDoubleArray();
        double[] mse = lossGradientNorms(z, y, false).toDoubleArray();
        return new double[][] {ce, mse, z.softmax(-1).get(":, 0").toDoubleArray()};
    }

    /** ‖∂loss_row/∂z_row‖ per row by autograd, for CE or for ½‖softmax(z) − y‖². */
    private static NDArray lossGradientNorms(NDArray z, NDArray y, boolean crossEntropy) {
        NDArray leaf = z.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = crossEntropy ? leaf.logSoftmax(-1).mul(y).sum().neg()
                    : leaf.softmax(-1).sub(y).square().sum().mul(0.5);
            gc.backward(loss);
        }
        return leaf.getGradient().norm(new int[] {1}); // (M)
    }

    private record Blobs(NDArray x, NDArray y, int[] labels) {
    }

    /** Gaussian blobs, one class per input direction. */
    private static Blobs blobs(NDManager m, Random rnd) {
        int n = 400;
        double[][] xs = new double[n][TRAIN_DIM];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = i % TRAIN_CLASSES;
            for (int d = 0; d < TRAIN_DIM; d++) {
                xs[i][d] = rnd.nextGaussian() + (d == ys[i] ? 3 : 0);
            }
        }
        return new Blobs(m.create(xs).toType(DataType.FLOAT32, false), // (N,D)
                m.create(ys).oneHot(TRAIN_CLASSES).toType(DataType.FLOAT32, false), ys); // (N,C)
    }

    private static final class Training {
        double[] steps;
        double[] acc;
        double reached = -1;
        double grad0;
    }

    /** Trains a linear classifier started so that it predicts the next class with confidence. */
    private static Training train(Setup s, DemoContext ctx, Blobs data, boolean crossEntropy) {
        NDManager m = ctx.manager();
        double[][] w0 = new double[TRAIN_DIM][TRAIN_CLASSES];
        for (int c = 0; c < TRAIN_CLASSES; c++) {
            w0[c][(c + 1) % TRAIN_CLASSES] = s.wrongness(); // class c's feature votes for class c + 1
        }
        NDArray w = m.create(w0).toType(DataType.FLOAT32, false); // (D,C)
        NDArray b = m.zeros(new Shape(TRAIN_CLASSES)); // (C)
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        String series = crossEntropy ? "cross-entropy" : "squared error on p";
        Training t = new Training();
        t.steps = new double[s.steps() + 1];
        t.acc = new double[s.steps() + 1];
        t.acc[0] = accuracy(data.x(), w, b, data.labels());
        ctx.point("training", series, 0, t.acc[0]);
        for (int step = 1; step <= s.steps(); step++) {
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(w, b, data.x(), data.y());
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray z = data.x().matMul(w).add(b); // (N,C)
                    NDArray loss = crossEntropy ? z.logSoftmax(-1).mul(data.y()).sum(new int[] {1}).neg().mean()
                            : z.softmax(-1).sub(data.y()).square().sum(new int[] {1}).mul(0.5).mean();
                    ctx.checkFinite("loss", loss.getFloat());
                    gc.backward(loss);
                }
                if (step == 1) {
                    t.grad0 = w.getGradient().norm().getFloat();
                }
                Updates.sgd(s.lr(), w, b);
                t.steps[step] = step;
                t.acc[step] = accuracy(data.x(), w, b, data.labels());
                if (t.reached < 0 && t.acc[step] >= 0.9) {
                    t.reached = step;
                }
                if (step % 10 == 0 || step == s.steps()) {
                    ctx.point("training", series, step, t.acc[step]);
                }
            }
            if (step % 20 == 0) {
                ctx.progress(2, 3, series + " step " + step);
            }
        }
        return t;
    }

    /**
     * Central differences for every logit: row losses are independent, so shifting column j of all
     * rows at once gives ∂ℓ_b/∂z_bj for every row b. K shifted copies are evaluated in one pass.
     */
    private static NDArray finiteDifferences(NDManager m, NDArray z, NDArray target, double h) {
        long k = z.getShape().get(1);
        NDArray shifts = m.eye((int) k).toType(DataType.FLOAT64, false).mul(h).expandDims(1); // (K,1,K)
        NDArray plus = rowLoss(z.expandDims(0).add(shifts), target); // (K,B)
        NDArray minus = rowLoss(z.expandDims(0).sub(shifts), target); // (K,B)
        return plus.sub(minus).div(2 * h).transpose(); // (B,K)
    }

    private static NDArray rowLoss(NDArray z, NDArray target) {
        return z.logSoftmax(-1).mul(target).sum(new int[] {-1}).neg(); // (..,B)
    }

    private static double accuracy(NDArray x, NDArray w, NDArray b, int[] ys) {
        try (NDManager s = x.getManager().newSubManager()) {
            s.tempAttachAll(x, w, b);
            long[] pred = x.matMul(w).add(b).argMax(1).toLongArray();
            int ok = 0;
            for (int i = 0; i < ys.length; i++) {
                ok += pred[i] == ys[i] ? 1 : 0;
            }
            return ok / (double) ys.length;
        }
    }
}
