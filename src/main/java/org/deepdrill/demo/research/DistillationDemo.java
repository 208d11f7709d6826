package org.deepdrill.demo.research;

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
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q18: knowledge distillation. Ten Gaussian classes come in five sibling pairs. A large teacher
 * learns them from plenty of data; small students see only a small transfer set, with hard labels
 * or with the teacher's temperature-softened outputs (loss scaled by T²).
 */
public final class DistillationDemo extends LegacyDemo {
    public static final String ID = "knowledge-distillation";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Knowledge distillation: soft targets, temperature and T²",
            "Trains a teacher, then small students on a small transfer set with hard labels or with softened teacher "
                    + "outputs at several temperatures. Shows the students' accuracy, the teacher's soft-label matrix "
                    + "(dark knowledge), and why the soft loss is multiplied by T².",
            List.of("q18-knowledge-distillation"),
            List.of(ParamSpec.ofInt("transfer", "Transfer-set size", 50, 5000, 300, 300, "examples the students see"),
                    ParamSpec.ofInt("studentHidden", "Student hidden width", 2, 256, 32, 32, ""),
                    ParamSpec.ofDouble("alpha", "Weight of the soft loss α", 0, 1, 0.9, 0.9,
                            "loss = (1 − α)·CE(hard) + α·T²·KL(teacher_T ‖ student_T)"),
                    ParamSpec.ofDouble("heatmapT", "Temperature of the soft-label heatmap", 1, 20, 4, 4, ""),
                    ParamSpec.ofInt("teacherSteps", "Teacher training steps", 100, 5000, 600, 300, ""),
                    ParamSpec.ofInt("studentSteps", "Student training steps", 100, 5000, 500, 250, "full batch"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 2, 2, "")));

    static final double[] TEMPERATURES = {1, 2, 4, 8};
    private static final int DIM = 10;
    private static final int CLASSES = 10;
    private static final int TEACHER_DATA = 8000;
    private static final int TEST = 4000;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int transfer = ctx.params().getInt("transfer");
        int hidden = ctx.params().getInt("studentHidden");
        double alpha = ctx.params().getDouble("alpha");
        double heatT = ctx.params().getDouble("heatmapT");
        int teacherSteps = ctx.params().getInt("teacherSteps");
        int studentSteps = ctx.params().getInt("studentSteps");
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        PairedClasses data = new PairedClasses(new Random(seed));
        PairedClasses.Data big = data.sample(TEACHER_DATA, new Random(seed + 1));
        PairedClasses.Data test = data.sample(TEST, new Random(seed + 2));
        PairedClasses.Data small = data.sample(transfer, new Random(seed + 3));
        NDArray xTest = m.create(test.x(), new Shape(TEST, DIM));

        ctx.liveChart("teacher", "Teacher training loss (live)", "step", "cross-entropy", true);
        ctx.liveChart("students", "Student test accuracy during training (live)", "step", "test accuracy", false);
        // 1. Teacher: wide MLP, minibatches from the large set.
        Mlp teacher = new Mlp(m, DIM, 128, 128, CLASSES);
        NDArray xBig = m.create(big.x(), new Shape(TEACHER_DATA, DIM));
        NDArray yBig = m.create(big.y()).oneHot(CLASSES);
        Random rnd = new Random(seed + 4);
        for (int step = 0; step < teacherSteps; step++) {
            try (NDManager s = m.newSubManager()) {
                int[] idx = new int[256];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rnd.nextInt(TEACHER_DATA);
                }
                NDArray ia = s.create(idx);
                NDArray x = xBig.get(ia);
                NDArray y = yBig.get(ia);
                x.attach(s);
                y.attach(s);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = crossEntropy(teacher.forward(x), y);
                    gc.backward(loss);
                    if (step % 20 == 0) {
                        ctx.point("teacher", "teacher", step, ctx.checkFinite("teacher loss", loss.getFloat()));
                    }
                }
                teacher.adam.step(3e-3 * 0.5 * (1 + Math.cos(Math.PI * step / teacherSteps)));
            }
            if (step % 50 == 0) {
                ctx.progress(step, teacherSteps, "teacher, step " + step);
            }
        }
        double teacherAcc = accuracy(m, teacher, xTest, test.y());

        // 2. Students on the small transfer set.
        NDArray xSmall = m.create(small.x(), new Shape(transfer, DIM));
        NDArray ySmall = m.create(small.y()).oneHot(CLASSES);
        NDArray teacherLogits = logitsOf(m, teacher, xSmall); // (n,C), fixed
        int runs = TEMPERATURES.length + 1;
        String[] names = new String[runs];
        double[] acc = new double[runs];
        names[0] = "hard labels";
        for (int r = 0; r < runs; r++) {
            double t = r == 0 ? 1 : TEMPERATURES[r - 1];
            double a = r == 0 ? 0 : alpha;
            if (r > 0) {
                names[r] = "distilled, T = " + (int) t;
            }
            Engine.getInstance().setRandomSeed(seed + 100); // every student starts from the same weights
            Mlp student = new Mlp(m, DIM, hidden, CLASSES);
            for (int step = 0; step <= studentSteps; step++) {
                if (step % Math.max(1, studentSteps / 15) == 0 || step == studentSteps) {
                    double sa = accuracy(m, student, xTest, test.y());
                    ctx.point("students", names[r], step, sa);
                    acc[r] = sa;
                    ctx.progress(r * studentSteps + step, runs * studentSteps, names[r] + ", step " + step);
                }
                if (step == studentSteps) {
                    break;
                }
                try (NDManager s = m.newSubManager()) {
                    NDArray x = xSmall.duplicate();
                    x.attach(s);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray z = student.forward(x); // (n,C)
                        NDArray loss = crossEntropy(z, ySmall).mul(org.deepdrill.demo.lib.train.Scalars.of((float) (1 - a)));
                        if (a > 0) {
                            loss = loss.add(softLoss(z, teacherLogits, t).mul(org.deepdrill.demo.lib.train.Scalars.of((float) (a * t * t))));
                        }
                        gc.backward(loss);
                        if (step % 100 == 0) {
                            ctx.checkFinite("student loss", loss.getFloat());
                        }
                    }
                    student.adam.step(3e-3);
                }
            }
        }
        double[][] soft = softLabelMatrix(m, teacher, xTest, test.y(), heatT);
        double[][] grads = gradientScaling(m, teacherLogits, hidden);
        report(ctx, teacherAcc, names, acc, soft, heatT, grads, teacher.parameterCount(), hidden);
    }

    private static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** KL(softmax(v/T) ‖ softmax(z/T)), averaged over the batch. */
    static NDArray softLoss(NDArray z, NDArray v, double t) {
        NDArray logQ = z.div(org.deepdrill.demo.lib.train.Scalars.of(t)).logSoftmax(-1); // (B,C) student
        NDArray logP = v.div(org.deepdrill.demo.lib.train.Scalars.of(t)).logSoftmax(-1); // (B,C) teacher
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {1}).mean();
    }

    private static NDArray logitsOf(NDManager m, Mlp net, NDArray x) {
        NDArray xs = x.duplicate();
        return net.forward(xs); // stays on the run's manager: fixed targets
    }

    private static double accuracy(NDManager m, Mlp net, NDArray x, int[] labels) {
        try (NDManager s = m.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(s);
            long[] pred = net.forward(xs).argMax(-1).toType(DataType.INT64, false).toLongArray();
            int ok = 0;
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] == labels[i]) {
                    ok++;
                }
            }
            return (double) ok / pred.length;
        }
    }

    /** Mean teacher probability at temperature T, row = true class, column = class. */
    private static double[][] softLabelMatrix(NDManager m, Mlp teacher, NDArray x, int[] labels, double t) {
        try (NDManager s = m.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(s);
            float[] p = teacher.forward(xs).div(org.deepdrill.demo.lib.train.Scalars.of(t)).softmax(-1).toFloatArray();
            double[][] mat = new double[CLASSES][CLASSES];
            int[] count = new int[CLASSES];
            for (int i = 0; i < labels.length; i++) {
                count[labels[i]]++;
                for (int c = 0; c < CLASSES; c++) {
                    mat[labels[i]][c] += p[i * CLASSES + c];
                }
            }
            for (int r = 0; r < CLASSES; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    mat[r][c] /= Math.max(1, count[r]);
                }
            }
            return mat;
        }
    }

    /**
     * Gradient of the soft loss with respect to the student's logits for T = 1 … 16, without and
     * with the T² factor, measured by autograd on fresh student logits. Rows: T, raw, scaled.
     */
    private static double[][] gradientScaling(NDManager m, NDArray teacherLogits, int hidden) {
        double[] ts = {1, 2, 4, 8, 16};
        double[][] out = new double[3][ts.length];
        try (NDManager s = m.newSubManager()) {
            NDArray v = teacherLogits.duplicate();
            v.attach(s);
            NDArray z = s.randomNormal(v.getShape()); // untrained student logits
            z.setRequiresGradient(true);
            for (int i = 0; i < ts.length; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(softLoss(z, v, ts[i]));
                }
                NDArray g = z.getGradient();
                double norm = g.square().sum().sqrt().getFloat();
                g.subi(g);
                out[0][i] = ts[i];
                out[1][i] = norm;
                out[2][i] = norm * ts[i] * ts[i];
            }
        }
        return out;
    }

    private void report(LegacyContext ctx, double teacherAcc, String[] names, double[] acc, double[][] soft, double heatT,
                        double[][] grads, long teacherParams, int hidden) {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            labels.add("c" + c + " (pair " + c / 2 + ")");
        }
        ctx.heatmap(new Heatmap("soft-labels", "Teacher's mean soft labels at T = " + Claim.num(heatT)
                + " (row: true class)", "true class", "probability on class", soft, labels, labels));
        double sibling = 0;
        double others = 0;
        for (int r = 0; r < CLASSES; r++) {
            int sib = r ^ 1;
            sibling += soft[r][sib];
            for (int c = 0; c < CLASSES; c++) {
                if (c != r && c != sib) {
                    others += soft[r][c] / (CLASSES - 2);
                }
            }
        }
        double darkRatio = sibling / others;

        ctx.chart(Chart.logLog("t-squared", "‖∂(soft loss)/∂z‖ against T, with and without the T² factor", "temperature T",
                "gradient norm", List.of(new Series("KL only", grads[0], grads[1]), new Series("T² · KL", grads[0], grads[2]))));
        double[] tx = java.util.Arrays.copyOfRange(grads[0], 1, grads[0].length);
        Fit.Line raw = Fit.logLog(tx, java.util.Arrays.copyOfRange(grads[1], 1, grads[1].length));
        Fit.Line scaled = Fit.logLog(tx, java.util.Arrays.copyOfRange(grads[2], 1, grads[2].length));

        double[] temps = TEMPERATURES;
        double[] kdAcc = java.util.Arrays.copyOfRange(acc, 1, acc.length);
        ctx.chart(new Chart("temperature", "Student accuracy against temperature (dashed level: hard labels)", "temperature T",
                "test accuracy", Chart.Kind.LINE, true, false, List.of(new Series("distilled", temps, kdAcc),
                        new Series("hard labels", new double[] {temps[0], temps[temps.length - 1]},
                                new double[] {acc[0], acc[0]}))));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("teacher (" + teacherParams + " parameters, 8000 examples)", Claim.num(teacherAcc)));
        for (int r = 0; r < names.length; r++) {
            rows.add(List.of("student " + hidden + " hidden, " + names[r], Claim.num(acc[r])));
        }
        ctx.table(new Table("accuracy", "Test accuracy", List.of("model", "accuracy"), rows));
        int best = 1;
        for (int r = 2; r < acc.length; r++) {
            if (acc[r] > acc[best]) {
                best = r;
            }
        }
        ctx.metric("teacher accuracy", teacherAcc, "");
        ctx.metric("student accuracy, hard labels", acc[0], "");
        ctx.metric("best distilled student accuracy", acc[best], "");
        ctx.metric("sibling / other-class probability in the teacher's soft labels", darkRatio, "×");
        ctx.metric("log-log slope of the soft-loss gradient, KL only", raw.slope(), "");
        ctx.metric("log-log slope with T²", scaled.slope(), "");

        ctx.claim(Claim.atLeast("The teacher learns the task (chance is 0.1; sibling classes overlap): test accuracy", teacherAcc, 0.6));
        ctx.claim(Claim.atLeast("Dark knowledge: the teacher gives the sibling class more mass than another wrong class: ratio",
                darkRatio, 3));
        ctx.claim(Claim.atLeast("Distillation beats hard labels on the small transfer set: best distilled − hard (points)",
                100 * (acc[best] - acc[0]), 2));
        ctx.claim(Claim.between("Without T² the soft-loss gradient shrinks like 1/T²: log-log slope for T = 2…16",
                raw.slope(), -2.3, -1.6));
        ctx.claim(Claim.between("With T² it no longer depends on T: slope", scaled.slope(), -0.4, 0.4));
        ctx.note("Best: " + names[best] + ". The students all start from the same initial weights and see the same "
                + "examples; only the targets differ.");
    }
}
