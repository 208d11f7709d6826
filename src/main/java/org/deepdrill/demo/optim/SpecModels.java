package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The two language models of the speculative-decoding demo, both {@link RawMlp}s on one-hot tokens:
 * the target reads the last two tokens through two hidden layers, the draft reads the last token only
 * through one linear layer (a bigram table). Training is plain next-token cross-entropy with Adam.
 */
final class SpecModels {
    static final int HIDDEN = 64;
    private static final int BATCH = 256;

    private SpecModels() {
    }

    static RawMlp target(NDManager m, int v, long seed) {
        return RawMlp.create(m, new int[] {2 * v, HIDDEN, HIDDEN, v}, seed);
    }

    static RawMlp draft(NDManager m, int v, long seed) {
        return RawMlp.create(m, new int[] {v, v}, seed);
    }

    /**
     * The model's next-token probabilities for all V² contexts (a, b), row a·V + b, in one forward
     * pass. Both models see at most two tokens, so this table is the whole model as a sampler.
     */
    static float[] table(NDManager m, RawMlp net, int v, boolean twoTokens) {
        int[] prev = new int[v * v];
        int[] last = new int[v * v];
        for (int c = 0; c < v * v; c++) {
            prev[c] = c / v;
            last[c] = c % v;
        }
        try (NDManager s = m.newSubManager()) {
            NDArray logits = net.forward(oneHot(s, prev, last, v, twoTokens)); // (V²,V)
            return logits.softmax(1).toFloatArray();
        }
    }

    /**
     * Trains the target, and the draft unless it is null, side by side for {@code steps} Adam steps on
     * the same batches of triples (prev, last, next); the running losses go to the live chart
     * "train". Returns the target's and the draft's loss every 10 steps (NaN for a draft left untrained).
     */
    static double[][] train(DemoContext ctx, RawMlp target, RawMlp draft, int[][] data, int v, int steps, Random rnd) {
        UpdateRule adam = UpdateRule.adam();
        List<NDArray> params = new ArrayList<>(target.params());
        if (draft != null) {
            params.addAll(draft.params());
        }
        int n = data[0].length;
        double[][] curves = new double[2][(steps + 9) / 10];
        double[] running = {Double.NaN, Double.NaN};
        for (int step = 0; step < steps; step++) {
            try (NDManager s = ctx.manager().newSubManager()) {
                int[] prev = new int[BATCH];
                int[] last = new int[BATCH];
                int[] next = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    int k = rnd.nextInt(n);
                    prev[i] = data[0][k];
                    last[i] = data[1][k];
                    next[i] = data[2][k];
                }
                NDArray y = s.create(next); // (B)
                NDArray lossTarget;
                NDArray lossDraft = null;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    lossTarget = RawMlp.crossEntropy(target.forward(oneHot(s, prev, last, v, true)), y);
                    NDArray total = lossTarget;
                    if (draft != null) {
                        lossDraft = RawMlp.crossEntropy(draft.forward(oneHot(s, prev, last, v, false)), y);
                        total = total.add(lossDraft);
                    }
                    gc.backward(total);
                }
                adam.step(params, Schedule.warmupCosine(step, steps / 20, steps, 1e-2, 1e-3), s);
                double[] l = {ctx.checkFinite("target loss", lossTarget.getFloat()),
                        lossDraft == null ? Double.NaN : ctx.checkFinite("draft loss", lossDraft.getFloat())};
                for (int k = 0; k < 2; k++) {
                    running[k] = Double.isNaN(running[k]) ? l[k] : 0.9 * running[k] + 0.1 * l[k];
                }
                if (step % 10 == 0) {
                    curves[0][step / 10] = running[0];
                    curves[1][step / 10] = running[1];
                    ctx.point("train", "target", step + 1, running[0]);
                    if (draft != null) {
                        ctx.point("train", "draft", step + 1, running[1]);
                    }
                }
            }
            ctx.checkCancelled();
        }
        return curves;
    }

    /** One-hot rows: [onehot(prev), onehot(last)] for the target, onehot(last) for the draft. */
    static NDArray oneHot(NDManager m, int[] prev, int[] last, int v, boolean twoTokens) {
        int n = last.length;
        int width = twoTokens ? 2 * v : v;
        float[] x = new float[n * width];
        for (int i = 0; i < n; i++) {
            if (twoTokens) {
                x[i * width + prev[i]] = 1;
                x[i * width + v + last[i]] = 1;
            } else {
                x[i * width + last[i]] = 1;
            }
        }
        return m.create(x, new Shape(n, width));
    }
}
