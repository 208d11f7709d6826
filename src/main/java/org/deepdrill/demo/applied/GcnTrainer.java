package org.deepdrill.demo.applied;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.train.ScopedOptimizer;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.List;
import java.util.Random;

/**
 * Full-batch training of one {@link GcnMultiTaskModel}: cross-entropy on the labelled nodes times
 * {@code nodeWeight}, plus binary cross-entropy on the training edges against as many fresh uniform
 * negative pairs per step, times {@code linkWeight}. A weight of 0 gives a single-task model.
 */
final class GcnTrainer {
    /** What the trained model outputs, copied out as plain arrays. */
    record Outcome(float[] embeddings, int embed, double nodeAccuracy, double linkAuc) {
        /** ‖z_v‖ for every node. */
        double[] norms() {
            int n = embeddings.length / embed;
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < embed; j++) {
                    s += (double) embeddings[i * embed + j] * embeddings[i * embed + j];
                }
                out[i] = Math.sqrt(s);
            }
            return out;
        }
    }

    /** The fixed inputs every model of one run shares. */
    record Task(NDArray features, int[] labels, boolean[] labelled, int classes, LinkSplit split) {
    }

    private GcnTrainer() {
    }

    /**
     * Trains one model from the initial weights that {@code seed} gives; {@code live} plots its node
     * accuracy and link AUC every ten steps under {@code name}.
     */
    static Outcome train(DemoContext ctx, String name, Task task, NDArray propagation, double nodeWeight,
                         double linkWeight, int steps, double lr, long seed, boolean live, int[] progress) {
        int n = task.labels().length;
        Engine.getInstance().setRandomSeed((int) seed); // same initial weights for every variant
        Random rnd = new Random(seed);
        try (Model model = Model.newInstance(name, ctx.device())) {
            model.setBlock(new GcnMultiTaskModel(32, 16, task.classes()));
            Optimizer adam = ScopedOptimizer.adam(lr);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                    .optDevices(new Device[] {ctx.device()}))) {
                trainer.initialize(task.features().getShape(), propagation.getShape());
                NDArray target = trainer.getManager().create(oneHotMasked(task, n), new Shape(n, task.classes()));
                double nLabelled = count(task.labelled());
                List<int[]> pos = task.split().trainEdges;
                NDArray posU = trainer.getManager().create(column(pos, 0));
                NDArray posV = trainer.getManager().create(column(pos, 1));
                Outcome last = null;
                for (int step = 1; step <= steps; step++) {
                    try (NDManager m = ctx.manager().newSubManager()) {
                        int[][] neg = negatives(rnd, n, pos.size());
                        NDArray negU = m.create(neg[0]);
                        NDArray negV = m.create(neg[1]);
                        NDList inputs = new NDList(onStep(task.features(), m), onStep(propagation, m));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(inputs);
                            NDArray loss = m.zeros(new Shape());
                            if (nodeWeight > 0) {
                                NDArray ce = out.get(1).logSoftmax(1).mul(target).sum(new int[] {1}).sum(new int[] {0}).neg().div(Scalars.of(nLabelled)); // (), mean over labelled nodes
                                loss = loss.add(ce.mul(Scalars.of((float) nodeWeight)));
                            }
                            if (linkWeight > 0) {
                                NDArray sPos = score(out.get(2), posU, posV); // (P,)
                                NDArray sNeg = score(out.get(2), negU, negV); // (P,)
                                NDArray bce = softplus(sPos.neg()).mean().add(softplus(sNeg).mean());
                                loss = loss.add(bce.mul(Scalars.of((float) linkWeight)));
                            }
                            gc.backward(loss);
                            if (step % 10 == 0) {
                                ctx.checkFinite(name + " loss", loss.getFloat());
                            }
                        }
                        trainer.step();
                        if (step == steps || (live && step % 10 == 0)) {
                            last = evaluate(ctx, trainer, task, inputs, m, live ? name : null, step, nodeWeight,
                                    linkWeight);
                        }
                    }
                    progress[0]++;
                    if (step % 20 == 0) {
                        ctx.progress(progress[0], progress[1], "training " + name);
                    }
                }
                return last;
            }
        }
    }

    /**
     * A view of a run-long array owned by the step's manager. A result belongs to its first operand's
     * manager, so feeding the run's own arrays would keep every step's activations and graph until
     * the run ends.
     */
    static NDArray onStep(NDArray a, NDManager m) {
        NDArray v = a.reshape(a.getShape()); // shares a's storage
        v.attach(m);
        return v;
    }

    /** Link scores for pairs (u, v): the dot product of their link vectors. link (N,E) → (P,). */
    static NDArray score(NDArray link, NDArray u, NDArray v) {
        NDArray lu = link.get(new NDIndex("{}", u)); // (P,E)
        NDArray lv = link.get(new NDIndex("{}", v)); // (P,E)
        return lu.mul(lv).sum(new int[] {1}); // (P,)
    }

    /** log(1 + eˣ), computed without overflow. */
    static NDArray softplus(NDArray x) {
        return x.maximum(Scalars.of(0)).add(x.abs().neg().exp().add(Scalars.of(1)).log());
    }

    private static Outcome evaluate(DemoContext ctx, Trainer trainer, Task task, NDList inputs, NDManager m, String name,
                                    int step, double nodeWeight, double linkWeight) {
        NDList out = trainer.evaluate(inputs);
        int n = task.labels().length;
        int k = task.classes();
        float[] logits = out.get(1).toFloatArray();
        int right = 0;
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (task.labelled()[i]) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (logits[i * k + c] > logits[i * k + best]) {
                    best = c;
                }
            }
            right += best == task.labels()[i] ? 1 : 0;
            total++;
        }
        double acc = (double) right / total;
        LinkSplit s = task.split();
        double[] sp = toDouble(score(out.get(2), m.create(column(s.testPos, 0)), m.create(column(s.testPos, 1))));
        double[] sn = toDouble(score(out.get(2), m.create(column(s.testNeg, 0)), m.create(column(s.testNeg, 1))));
        double auc = AppliedMath.auc(sp, sn);
        if (name != null && nodeWeight > 0) {
            ctx.point("node-acc", name, step, acc);
        }
        if (name != null && linkWeight > 0) {
            ctx.point("link-auc", name, step, auc);
        }
        return new Outcome(out.get(0).toFloatArray(), (int) out.get(0).getShape().get(1), acc, auc);
    }

    private static float[] oneHotMasked(Task t, int n) {
        float[] y = new float[n * t.classes()];
        for (int i = 0; i < n; i++) {
            if (t.labelled()[i]) {
                y[i * t.classes() + t.labels()[i]] = 1f;
            }
        }
        return y;
    }

    private static int[][] negatives(Random rnd, int n, int count) {
        int[][] out = new int[2][count];
        for (int i = 0; i < count; i++) {
            out[0][i] = rnd.nextInt(n);
            out[1][i] = rnd.nextInt(n);
        }
        return out;
    }

    static int[] column(List<int[]> pairs, int j) {
        int[] out = new int[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pairs.get(i)[j];
        }
        return out;
    }

    private static double count(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }

    private static double[] toDouble(NDArray a) {
        float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
