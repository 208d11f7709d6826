package org.deepdrill.demo.research;

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
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q18: knowledge distillation. Ten Gaussian classes come in five sibling pairs. A large teacher
 * learns them from plenty of data; small students see only a small transfer set, with hard labels
 * or with the teacher's temperature-softened outputs (loss scaled by T²). All students train at once
 * as one stacked model; within a replica they share their initial weights, so every comparison is paired.
 */
public final class DistillationDemo implements Demo<DistillationDemo.Setup, DistillationDemo.Run> {
    public static final String ID = "knowledge-distillation";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Knowledge distillation: soft targets, temperature and T²",
            "Trains a teacher, then small students on a small transfer set with hard labels or with softened teacher "
                    + "outputs at several temperatures, from several paired initialisations. Shows the students' accuracy, "
                    + "the teacher's soft-label matrix (dark knowledge), and why the soft loss is multiplied by T².",
            List.of("q18-knowledge-distillation"),
            List.of(ParamSpec.ofInt("transfer", "Transfer-set size").range(50, 3000).byDefault(300)
                            .help("examples the students see"),
                    ParamSpec.ofInt("studentHidden", "Student hidden width").range(2, 128).byDefault(32),
                    ParamSpec.ofDouble("alpha", "Weight of the soft loss α").range(0, 1).byDefault(0.9)
                            .help("loss = (1 − α)·CE(hard) + α·T²·KL(teacher_T ‖ student_T)"),
                    ParamSpec.ofDouble("heatmapT", "Temperature of the soft-label heatmap").range(1, 20).byDefault(4),
                    ParamSpec.ofInt("teacherSteps", "Teacher training steps").range(100, 2000).byDefault(600).quick(300),
                    ParamSpec.ofInt("studentSteps", "Student training steps").range(100, 2000).byDefault(500).quick(250)
                            .help("full batch"),
                    ParamSpec.seed(2)));

    /** The temperatures of the sweep; the claim uses the setup's temperature, fixed before the run. */
    static final double[] TEMPERATURES = {1, 2, 4, 8};
    static final int REPLICAS = 3;
    private static final double[] GRAD_T = {1, 2, 4, 8, 16};
    private static final int DIM = PairedClasses.DIM;
    private static final int CLASSES = PairedClasses.CLASSES;
    private static final int TEACHER_DATA = 8000;
    private static final int TEST = 4000;
    /** Students per replica: hard labels, the chosen T, then the sweep. */
    private static final int PER_REPLICA = 2 + TEMPERATURES.length;

    /**
     * Checked parameters. {@code temperature} is the T the claim compares with hard labels (4, chosen
     * in advance); {@code tSquared} false drops the T² factor from the soft loss. Both are break knobs.
     */
    public record Setup(int transfer, int studentHidden, double alpha, double heatmapT, int teacherSteps,
                        int studentSteps, long seed, double temperature, boolean tSquared) {
    }

    /**
     * Teacher accuracy and soft labels; per replica the test accuracy of the hard-label student and of
     * the student distilled at {@code temperature}; the sweep's accuracy (mean over replicas); and the
     * soft-loss gradient norm against T for KL alone (random logits, gradT); and, per sweep temperature,
     * the norm of the soft term's gradient with respect to the students' logits, weighted exactly as in
     * their training loss, at the first training step (mean over initialisations).
     */
    public record Run(double teacherAcc, long teacherParams, double[][] softLabels, double heatmapT, double temperature,
                      double[] hardAcc, double[] chosenAcc, double[] sweepT, double[] sweepAcc, double[] gradT,
                      double[] gradKl, double[] softGrad) {
        double siblingRatio() {
            double sibling = 0;
            double others = 0;
            for (int r = 0; r < softLabels.length; r++) {
                int sib = r ^ 1;
                sibling += softLabels[r][sib];
                for (int c = 0; c < softLabels.length; c++) {
                    if (c != r && c != sib) {
                        others += softLabels[r][c] / (softLabels.length - 2);
                    }
                }
            }
            return sibling / others;
        }

        double meanGain() {
            double g = 0;
            for (int i = 0; i < hardAcc.length; i++) {
                g += chosenAcc[i] - hardAcc[i];
            }
            return g / hardAcc.length;
        }
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("transfer"), p.getInt("studentHidden"), p.getDouble("alpha"), p.getDouble("heatmapT"),
                p.getInt("teacherSteps"), p.getInt("studentSteps"), p.getInt("seed"), 4, true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-t-squared", "The soft loss is not multiplied by T²",
                                s -> new Setup(s.transfer(), s.studentHidden(), s.alpha(), s.heatmapT(), s.teacherSteps(),
                                        s.studentSteps(), s.seed(), s.temperature(), false))
                        .flips("soft-weight-kept", "without the factor the soft term in the students' loss pulls "
                                + "about 16 times less at T = 8 than at T = 2")
                        .explainedIn("Why T²: the derivation")
                        .build(),
                Break.<Setup>of("no-soft-targets", "The distilled students get no soft targets (α = 0): hard labels only",
                                s -> new Setup(s.transfer(), s.studentHidden(), 0, s.heatmapT(), s.teacherSteps(),
                                        s.studentSteps(), s.seed(), s.temperature(), s.tSquared()))
                        .flips("distillation-beats-hard", "without the teacher's soft labels the student learns from the "
                                + "same one-hot labels as its twin")
                        .flips("high-t-keeps-gain", "the same at T = 8: no dark knowledge reaches the student")
                        .explainedIn("What the soft labels carry")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        return List.of(
                Claim.atLeast("teacher-learns", "The teacher learns the task (chance is 0.1; sibling classes overlap): "
                        + "test accuracy", r.teacherAcc(), 0.6),
                Claim.atLeast("dark-knowledge", "Dark knowledge: the teacher gives the sibling class more mass than "
                        + "another wrong class: ratio", r.siblingRatio(), 3),
                Claim.atLeast("distillation-beats-hard", "Distillation at T = " + Claim.num(r.temperature()) + ", chosen "
                        + "in advance, beats hard labels on the small transfer set: mean paired gain over "
                        + r.hardAcc().length + " initialisations (points)", 100 * r.meanGain(), 2),
                Claim.atLeast("high-t-keeps-gain", "With the T² factor a high temperature still pays: distilled at T = 8 "
                        + "− hard labels (points, mean over initialisations)", 100 * (r.sweepAcc()[r.sweepAcc().length - 1]
                        - Fit.mean(r.hardAcc())), 2),
                Claim.between("soft-weight-kept", "In the students' training loss the soft term pulls as hard at T = 8 as "
                        + "at T = 2: ratio of its gradient norms at the first step", r.softGrad()[indexOf(r.sweepT(), 8)]
                        / r.softGrad()[indexOf(r.sweepT(), 2)], 0.5, 2));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int seed = (int) s.seed();
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        PairedClasses data = new PairedClasses(new Random(seed));
        PairedClasses.Data big = data.sample(TEACHER_DATA, new Random(seed + 1));
        PairedClasses.Data test = data.sample(TEST, new Random(seed + 2));
        PairedClasses.Data small = data.sample(s.transfer(), new Random(seed + 3));
        NDArray xTest = m.create(test.x(), new Shape(TEST, DIM));

        Mlp teacher = trainTeacher(ctx, s, big, new Random(seed + 4));
        double teacherAcc = accuracy(m, teacher, xTest, test.y());
        NDArray xSmall = m.create(small.x(), new Shape(s.transfer(), DIM));
        NDArray ySmall = m.create(small.y()).oneHot(CLASSES);
        NDArray teacherLogits = teacher.forward(xSmall.duplicate()); // (n,C), fixed targets on the run's manager
        double[] softGradAll = new double[REPLICAS * PER_REPLICA];
        double[][] acc = trainStudents(ctx, s, xSmall, ySmall, teacherLogits, xTest, test.y(), softGradAll); // (K students)

        double[] hard = new double[REPLICAS];
        double[] chosen = new double[REPLICAS];
        double[] sweep = new double[TEMPERATURES.length];
        double[] softGrad = new double[TEMPERATURES.length];
        for (int rep = 0; rep < REPLICAS; rep++) {
            hard[rep] = acc[rep * PER_REPLICA][0];
            chosen[rep] = acc[rep * PER_REPLICA + 1][0];
            for (int j = 0; j < TEMPERATURES.length; j++) {
                sweep[j] += acc[rep * PER_REPLICA + 2 + j][0] / REPLICAS;
                softGrad[j] += softGradAll[rep * PER_REPLICA + 2 + j] / REPLICAS;
            }
        }
        double[] gradKl = klGradientScaling(m, teacherLogits);
        return new Run(teacherAcc, teacher.parameterCount(), softLabelMatrix(m, teacher, xTest, test.y(), s.heatmapT()),
                s.heatmapT(), s.temperature(), hard, chosen, TEMPERATURES.clone(), sweep, GRAD_T.clone(), gradKl, softGrad);
    }

    @Override
    public Presentation present(Run r) {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            labels.add("c" + c + " (pair " + c / 2 + ")");
        }
        double hardMean = Fit.mean(r.hardAcc());
        double chosenMean = Fit.mean(r.chosenAcc());
        double[] ts = r.sweepT();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("teacher (" + r.teacherParams() + " parameters, " + TEACHER_DATA + " examples)",
                Claim.num(r.teacherAcc())));
        rows.add(List.of("students, hard labels (mean of " + r.hardAcc().length + ")", Claim.num(hardMean)));
        rows.add(List.of("students, distilled at T = " + Claim.num(r.temperature()) + " (the claim's T)",
                Claim.num(chosenMean)));
        for (int j = 0; j < ts.length; j++) {
            rows.add(List.of("students, distilled at T = " + Claim.num(ts[j]), Claim.num(r.sweepAcc()[j])));
        }
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; i < r.hardAcc().length; i++) {
            pairs.add(List.of(Integer.toString(i + 1), Claim.num(r.hardAcc()[i]), Claim.num(r.chosenAcc()[i]),
                    Claim.num(100 * (r.chosenAcc()[i] - r.hardAcc()[i]))));
        }
        double[] t = Arrays.copyOfRange(r.gradT(), 1, r.gradT().length);
        return Presentation.builder()
                .heatmap(new Heatmap("soft-labels", "Teacher's mean soft labels at T = " + Claim.num(r.heatmapT())
                        + " (row: true class)", "true class", "probability on class", r.softLabels(), labels, labels))
                .chart(Chart.logLog("t-squared", "‖∂(soft loss)/∂z‖ against T, with and without the T² factor",
                        "temperature T", "gradient norm", List.of(new Series("KL only (random logits)", r.gradT(), r.gradKl()),
                                new Series("soft term in the students' loss (first step)", r.sweepT(), r.softGrad()))))
                .chart(new Chart("temperature", "Student accuracy against temperature (mean over initialisations; "
                        + "dashed level: hard labels)", "temperature T", "test accuracy", Chart.Kind.LINE, true, false,
                        List.of(new Series("distilled", ts, r.sweepAcc()), new Series("hard labels",
                                new double[] {ts[0], ts[ts.length - 1]}, new double[] {hardMean, hardMean}))))
                .table(new Table("accuracy", "Test accuracy", List.of("model", "accuracy"), rows))
                .table(new Table("pairs", "Paired students: same initial weights, same examples, different targets",
                        List.of("initialisation", "hard labels", "distilled at T = " + Claim.num(r.temperature()),
                                "gain (points)"), pairs))
                .metric("teacher accuracy", r.teacherAcc(), "")
                .metric("student accuracy, hard labels (mean)", hardMean, "")
                .metric("student accuracy, distilled at the chosen T (mean)", chosenMean, "")
                .metric("sibling / other-class probability in the teacher's soft labels", r.siblingRatio(), "×")
                .metric("log-log slope of the soft-loss gradient, KL only, T = 2…16 (−2 by calculus)",
                        Fit.logLog(t, Arrays.copyOfRange(r.gradKl(), 1, t.length + 1)).slope(), "")
                .metric("soft-term gradient in the students' loss, T = 8 / T = 2",
                        r.softGrad()[indexOf(r.sweepT(), 8)] / r.softGrad()[indexOf(r.sweepT(), 2)], "×")
                .note("The claim compares one temperature fixed before the run with hard labels, over "
                        + r.hardAcc().length + " paired initialisations; the sweep over T is shown, not judged, so no "
                        + "temperature is picked after seeing the results.")
                .build();
    }

    // --- measurement ---------------------------------------------------------------------------

    private static Mlp trainTeacher(DemoContext ctx, Setup s, PairedClasses.Data big, Random rnd) {
        NDManager m = ctx.manager();
        ctx.liveChart("teacher", "Teacher training loss (live)", "step", "cross-entropy", true);
        Mlp teacher = new Mlp(m, DIM, 128, 128, CLASSES);
        NDArray xBig = m.create(big.x(), new Shape(TEACHER_DATA, DIM));
        NDArray yBig = m.create(big.y()).oneHot(CLASSES);
        int steps = s.teacherSteps();
        for (int step = 0; step < steps; step++) {
            try (NDManager sm = m.newSubManager()) {
                int[] idx = new int[256];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rnd.nextInt(TEACHER_DATA);
                }
                NDArray ia = sm.create(idx);
                NDArray x = xBig.get(ia);
                NDArray y = yBig.get(ia);
                x.attach(sm);
                y.attach(sm);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = crossEntropy(teacher.forward(x), y);
                    gc.backward(loss);
                    if (step % 20 == 0) {
                        ctx.point("teacher", "teacher", step, ctx.checkFinite("teacher loss", loss.getFloat()));
                    }
                }
                teacher.adam.step(3e-3 * 0.5 * (1 + Math.cos(Math.PI * step / steps)));
            }
            if (step % 50 == 0) {
                ctx.progress(step, steps + s.studentSteps(), "teacher, step " + step);
            }
        }
        return teacher;
    }

    /**
     * Trains REPLICAS × PER_REPLICA students at once, full batch. Student i of a replica: hard labels
     * (i = 0), the chosen T (i = 1), the sweep (i ≥ 2). Returns each student's final test accuracy.
     */
    private static double[][] trainStudents(DemoContext ctx, Setup s, NDArray x, NDArray y, NDArray teacherLogits,
                                            NDArray xTest, int[] testLabels, double[] softGradOut) {
        NDManager m = ctx.manager();
        int k = REPLICAS * PER_REPLICA;
        long[] initSeed = new long[k];
        float[] temp = new float[k];
        float[] hardW = new float[k];
        float[] softW = new float[k];
        for (int rep = 0; rep < REPLICAS; rep++) {
            for (int i = 0; i < PER_REPLICA; i++) {
                int j = rep * PER_REPLICA + i;
                initSeed[j] = s.seed() * 100 + rep; // same start within a replica
                double t = i == 0 ? 1 : i == 1 ? s.temperature() : TEMPERATURES[i - 2];
                double a = i == 0 ? 0 : s.alpha();
                temp[j] = (float) t;
                hardW[j] = (float) (1 - a);
                softW[j] = (float) (a * (s.tSquared() ? t * t : 1));
            }
        }
        StudentStack students = new StudentStack(m, DIM, s.studentHidden(), CLASSES, initSeed);
        NDArray t = m.create(temp, new Shape(k, 1, 1)); // (K,1,1)
        NDArray wHard = m.create(hardW); // (K)
        NDArray wSoft = m.create(softW); // (K)
        NDArray logP = teacherLogits.div(t).logSoftmax(-1); // (K,n,C) teacher at each student's T
        NDArray p = logP.exp();
        softTermGradient(m, students, x, p, logP, t, wSoft, softGradOut);
        ctx.liveChart("students", "Student test accuracy during training, first initialisation (live)", "step",
                "test accuracy", false);
        int steps = s.studentSteps();
        double[][] acc = null;
        for (int step = 0; ; step++) {
            if (step % Math.max(1, steps / 15) == 0 || step == steps) {
                acc = stackAccuracy(m, students, xTest, testLabels);
                ctx.point("students", "hard labels", step, acc[0][0]);
                ctx.point("students", "distilled, T = " + Claim.num(s.temperature()), step, acc[1][0]);
                ctx.progress(s.teacherSteps() + step, s.teacherSteps() + steps, "students, step " + step);
            }
            if (step == steps) {
                return acc;
            }
            try (NDManager sm = m.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(sm);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray z = students.forward(xs); // (K,n,C)
                    NDArray ce = z.logSoftmax(-1).mul(y).sum(new int[] {2}).mean(new int[] {1}).neg(); // (K)
                    NDArray logQ = z.div(t).logSoftmax(-1); // (K,n,C)
                    NDArray kl = logQ.sub(logP).mul(p).sum(new int[] {2}).mean(new int[] {1}).neg(); // (K)
                    NDArray loss = ce.mul(wHard).add(kl.mul(wSoft)).sum();
                    gc.backward(loss);
                    if (step % 100 == 0) {
                        ctx.checkFinite("student loss", loss.getFloat());
                    }
                }
                students.adam.step(3e-3);
            }
        }
    }

    /** Test accuracy of every student, as {@code [student][0]}. */
    private static double[][] stackAccuracy(NDManager m, StudentStack net, NDArray x, int[] labels) {
        try (NDManager s = m.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(s);
            long[] pred = net.forward(xs).argMax(-1).toType(DataType.INT64, false).toLongArray(); // (K·M)
            int n = labels.length;
            double[][] acc = new double[net.k][1];
            for (int i = 0; i < net.k; i++) {
                int ok = 0;
                for (int j = 0; j < n; j++) {
                    if (pred[i * n + j] == labels[j]) {
                        ok++;
                    }
                }
                acc[i][0] = (double) ok / n;
            }
            return acc;
        }
    }

    /**
     * Per student, the norm of the gradient of its weighted soft term, wSoft·KL(teacher_T ‖ student_T)
     * exactly as the training loss builds it, with respect to its logits on the transfer set, before
     * the first update. Students of one replica share their start, so they differ only in T and weight.
     */
    private static void softTermGradient(NDManager m, StudentStack students, NDArray x, NDArray p, NDArray logP,
                                         NDArray t, NDArray wSoft, double[] out) {
        try (NDManager sm = m.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(sm);
            NDArray z = students.forward(xs).duplicate(); // (K,n,C), outside any collector
            z.attach(sm);
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logQ = z.div(t).logSoftmax(-1);
                NDArray kl = logQ.sub(logP).mul(p).sum(new int[] {2}).mean(new int[] {1}).neg(); // (K)
                gc.backward(kl.mul(wSoft).sum());
            }
            float[] norms = z.getGradient().square().sum(new int[] {1, 2}).sqrt().toFloatArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = norms[i];
            }
        }
    }

    /**
     * Norm of the gradient of KL(teacher_T ‖ student_T) alone with respect to random student logits,
     * against the teacher's real logits, for T = 1 … 16: the 1/T² that the T² factor compensates.
     */
    private static double[] klGradientScaling(NDManager m, NDArray teacherLogits) {
        double[] out = new double[GRAD_T.length];
        try (NDManager s = m.newSubManager()) {
            NDArray v = teacherLogits.duplicate();
            v.attach(s);
            NDArray z = s.randomNormal(v.getShape()); // untrained student logits
            z.setRequiresGradient(true);
            for (int i = 0; i < GRAD_T.length; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(softLoss(z, v, GRAD_T[i]));
                }
                NDArray g = z.getGradient();
                out[i] = g.square().sum().sqrt().getFloat();
                g.subi(g);
            }
        }
        return out;
    }

    private static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** KL(softmax(v/T) ‖ softmax(z/T)), averaged over the batch. */
    static NDArray softLoss(NDArray z, NDArray v, double t) {
        NDArray logQ = z.div(Scalars.of(t)).logSoftmax(-1); // (B,C) student
        NDArray logP = v.div(Scalars.of(t)).logSoftmax(-1); // (B,C) teacher
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
            float[] p = teacher.forward(xs).div(Scalars.of(t)).softmax(-1).toFloatArray();
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


    private static int indexOf(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == target) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + target + " in " + Arrays.toString(v));
    }
}
