package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q30: the gradient of softmax cross-entropy with respect to the logits is p − y. Checks it with
 * central differences and autograd (hard and label-smoothed targets), shows that the gradient stays
 * of order one when the model is confidently wrong while squared error on the probabilities
 * vanishes, and trains a linear classifier from a confidently wrong start with both losses.
 */
public final class SoftmaxCeGradientDemo extends LegacyDemo {
    public static final String ID = "softmax-ce-gradient";
    private static final int TRAIN_CLASSES = 4;
    private static final int TRAIN_DIM = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "The softmax cross-entropy gradient is p − y",
            "Compares autograd, central differences and the formula p − y for the logit gradient, with hard and "
                    + "smoothed labels; sweeps how confidently wrong the logits are and compares cross-entropy with "
                    + "squared error on the probabilities; trains both from a confidently wrong start.",
            List.of("q30-softmax-cross-entropy-gradient"),
            List.of(ParamSpec.ofInt("classes", "Classes K for the gradient check", 2, 1000, 10, 10, ""),
                    ParamSpec.ofInt("rows", "Rows of logits", 1, 4096, 512, 64, ""),
                    ParamSpec.ofDouble("scale", "Std of the random logits", 0.1, 20, 3, 3,
                            "larger logits give peakier softmax outputs"),
                    ParamSpec.ofDouble("smoothing", "Label smoothing α", 0, 0.5, 0.1, 0.1,
                            "soft target q = (1 − α)·y + α/K; the gradient becomes p − q"),
                    ParamSpec.ofInt("steps", "Training steps from a wrong start", 20, 2000, 400, 150, ""),
                    ParamSpec.ofDouble("lr", "Learning rate (both losses)", 0.01, 5, 0.5, 0.5, ""),
                    ParamSpec.ofDouble("wrongness", "Initial weight scale of the wrong start", 0.5, 8, 4, 4,
                            "weights map each class to the next one; larger = more confidently wrong"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 3, 3, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed);
        ctx.liveChart("training", "Accuracy while training from a confidently wrong start (live)", "step",
                "accuracy", false);
        checkGradient(ctx, rnd);
        ctx.progress(1, 3, "gradient checked");
        saturation(ctx);
        ctx.progress(2, 3, "saturation sweep done");
        train(ctx, rnd);
    }

    /** Autograd vs p − q vs central differences on random logits. */
    private void checkGradient(LegacyContext ctx, Random rnd) {
        int k = ctx.params().getInt("classes");
        int rows = ctx.params().getInt("rows");
        double alpha = ctx.params().getDouble("smoothing");
        double scale = ctx.params().getDouble("scale");
        NDManager m = ctx.manager();
        NDArray z = m.randomNormal(0, (float) scale, new Shape(rows, k), DataType.FLOAT64); // (B,K)
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rnd.nextInt(k);
        }
        NDArray hard = m.create(labels).oneHot(k).toType(DataType.FLOAT64, false); // (B,K)
        NDArray soft = hard.mul(1 - alpha).add(alpha / k); // (B,K)
        List<List<String>> table = new ArrayList<>();
        double worstFormula = 0;
        double worstFd = 0;
        double worstRowSum = 0;
        double maxAbs = 0;
        for (NDArray target : List.of(hard, soft)) {
            String name = target == hard ? "one-hot y" : "smoothed q (α = " + alpha + ")";
            NDArray auto = autogradLogits(z, target); // (B,K), gradient of the summed loss
            NDArray formula = z.softmax(-1).sub(target); // p − q
            NDArray fd = finiteDifferences(m, z, target, 1e-6);
            double eFormula = Num.relErr(auto, formula);
            double eFd = Num.relErr(fd, formula);
            double rowSum = auto.sum(new int[] {1}).abs().max().getDouble();
            double biggest = auto.abs().max().getDouble();
            worstFormula = Math.max(worstFormula, eFormula);
            worstFd = Math.max(worstFd, eFd);
            worstRowSum = Math.max(worstRowSum, rowSum);
            maxAbs = Math.max(maxAbs, biggest);
            table.add(List.of(name, Claim.num(eFormula), Claim.num(eFd), Claim.num(rowSum), Claim.num(biggest)));
        }
        ctx.table(new Table("identity", "∂ℓ/∂z against p − y (" + rows + " rows, K = " + k + ", float64)",
                List.of("target", "autograd vs p − y", "finite diff. vs p − y", "max |Σ_k ∂ℓ/∂z_k|", "max |∂ℓ/∂z_k|"),
                table));
        ctx.claim(Claim.atMost("Autograd equals p − y (hard and smoothed targets): relative error", worstFormula, 1e-12));
        ctx.claim(Claim.atMost("Central differences (h = 1e-6) agree with p − y: relative error", worstFd, 1e-7));
        ctx.claim(Claim.atMost("Each gradient row sums to zero (softmax ignores a shared shift): max |row sum|",
                worstRowSum, 1e-12));
        ctx.claim(Claim.atMost("Every logit gradient is bounded by 1 in absolute value (up to rounding): max |∂ℓ/∂z|", maxAbs, 1 + 1e-12));
    }

    /** Gradient of Σ_rows ℓ(z_row) with respect to z, by DJL autograd. */
    private static NDArray autogradLogits(NDArray z, NDArray target) {
        NDArray leaf = z.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = leaf.logSoftmax(-1).mul(target).sum().neg();
            gc.backward(loss);
        }
        return leaf.getGradient().duplicate();
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

    /** Gradient norms of CE and of ½‖p − y‖² as one wrong logit grows. */
    private void saturation(LegacyContext ctx) {
        int k = ctx.params().getInt("classes");
        int points = 41;
        double[] margin = new double[points];
        for (int i = 0; i < points; i++) {
            margin[i] = 20.0 * i / (points - 1);
        }
        NDManager m = ctx.manager();
        // Row i: the true class is 0 with logit 0, class 1 has logit margin[i], the rest 0.
        double[][] logits = new double[points][k];
        for (int i = 0; i < points; i++) {
            logits[i][1] = margin[i];
        }
        NDArray z = m.create(logits); // (M,K)
        NDArray y = m.zeros(new Shape(points, k), DataType.FLOAT64);
        y.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1.0);
        NDArray ce = lossGradientNorms(z, y, true);
        NDArray mse = lossGradientNorms(z, y, false);
        double[] ceNorm = ce.toDoubleArray();
        double[] mseNorm = mse.toDoubleArray();
        double[] pTrue = z.softmax(-1).get(":, 0").toDoubleArray();
        ctx.chart(Chart.line("saturation", "‖∂loss/∂z‖ as the model grows confidently wrong", "wrong-class logit margin",
                "gradient norm (log)", List.of(new Series("cross-entropy", margin, ceNorm),
                        new Series("squared error on p", margin, mseNorm), new Series("p(true class)", margin, pTrue)))
                .withLog(false, true));
        int last = points - 1;
        int at10 = points / 2;
        ctx.metric("CE gradient norm at margin 20", ceNorm[last], "");
        ctx.metric("squared-error gradient norm at margin 20", mseNorm[last], "");
        ctx.claim(Claim.atLeast("Confidently wrong (margin 10): the cross-entropy gradient stays of order one, ‖p − y‖",
                ceNorm[at10], 1.0));
        ctx.claim(Claim.atMost("Confidently wrong (margin 10): squared error on probabilities has almost no gradient",
                mseNorm[at10], 1e-3));
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

    /** Linear classifier on Gaussian blobs, started so that it predicts the next class with confidence. */
    private void train(LegacyContext ctx, Random rnd) {
        int steps = ctx.params().getInt("steps");
        double lr = ctx.params().getDouble("lr");
        double wrong = ctx.params().getDouble("wrongness");
        NDManager m = ctx.manager();
        int n = 400;
        double[][] xs = new double[n][TRAIN_DIM];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = i % TRAIN_CLASSES;
            for (int d = 0; d < TRAIN_DIM; d++) {
                xs[i][d] = rnd.nextGaussian() + (d == ys[i] ? 3 : 0);
            }
        }
        NDArray x = m.create(xs).toType(DataType.FLOAT32, false); // (N,D)
        NDArray y = m.create(ys).oneHot(TRAIN_CLASSES).toType(DataType.FLOAT32, false); // (N,C)
        double[] ce = trainOne(ctx, x, y, ys, steps, lr, wrong, true);
        double[] mse = trainOne(ctx, x, y, ys, steps, lr, wrong, false);
        // Steps to 90 % accuracy; a run that never gets there counts as steps + 1 (a lower bound).
        double ceSteps = ce[2] < 0 ? steps + 1 : ce[2];
        double mseSteps = mse[2] < 0 ? steps + 1 : mse[2];
        ctx.metric("CE accuracy at start", ce[0], "");
        ctx.metric("CE accuracy after training", ce[1], "");
        ctx.metric("squared-error accuracy after training", mse[1], "");
        ctx.metric("CE steps to 90% accuracy", ceSteps, "");
        ctx.metric("squared-error steps to 90% accuracy" + (mse[2] < 0 ? " (not reached: lower bound)" : ""), mseSteps, "");
        ctx.claim(Claim.atMost("The wrong start is wrong: initial accuracy", ce[0], 0.1));
        ctx.claim(Claim.atMost("At the wrong start the squared-error gradient is tiny: ‖∇W‖ squared error / ‖∇W‖ cross-entropy",
                mse[3] / ce[3], 0.05));
        ctx.claim(Claim.atLeast("Cross-entropy recovers from the wrong start: accuracy after training", ce[1], 0.9));
        ctx.claim(Claim.atLeast("Squared error on the probabilities is stuck far longer: steps to 90% accuracy, squared error / cross-entropy",
                mseSteps / ceSteps, 4));
    }

    /**
     * Returns {initial accuracy, final accuracy, first step with accuracy ≥ 0.9 or −1, ‖∇W‖ at the start};
     * streams the accuracy to the live chart.
     */
    private double[] trainOne(LegacyContext ctx, NDArray x, NDArray y, int[] ys, int steps, double lr, double wrong,
                              boolean crossEntropy) {
        NDManager m = ctx.manager();
        double[][] w0 = new double[TRAIN_DIM][TRAIN_CLASSES];
        for (int c = 0; c < TRAIN_CLASSES; c++) {
            w0[c][(c + 1) % TRAIN_CLASSES] = wrong; // class c's feature votes for class c + 1
        }
        NDArray w = m.create(w0).toType(DataType.FLOAT32, false); // (D,C)
        NDArray b = m.zeros(new Shape(TRAIN_CLASSES)); // (C)
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        String series = crossEntropy ? "cross-entropy" : "squared error on p";
        double first = accuracy(x, w, b, ys);
        double acc = first;
        double reached = -1;
        double grad0 = 0;
        ctx.point("training", series, 0, first);
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(w, b, x, y);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray z = x.matMul(w).add(b); // (N,C)
                    NDArray loss = crossEntropy ? z.logSoftmax(-1).mul(y).sum(new int[] {1}).neg().mean()
                            : z.softmax(-1).sub(y).square().sum(new int[] {1}).mul(0.5).mean();
                    ctx.checkFinite("loss", loss.getFloat());
                    gc.backward(loss);
                }
                if (step == 1) {
                    grad0 = w.getGradient().norm().getFloat();
                }
                Updates.sgd(lr, w, b);
                acc = accuracy(x, w, b, ys);
                if (reached < 0 && acc >= 0.9) {
                    reached = step;
                }
                if (step % 10 == 0 || step == steps) {
                    ctx.point("training", series, step, acc);
                }
            }
            if (step % 20 == 0) {
                ctx.progress(2, 3, series + " step " + step);
            }
        }
        return new double[] {first, acc, reached, grad0};
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
