package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;
import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q28: a visual question that needs both modalities. The image is a 3×3 grid of pattern cells; the
 * question names a cell; the answer is that cell's pattern. Compares cross-attention (question
 * queries the patches), concatenation of all patch features with the question, concatenation of a
 * pooled image vector with the question, and each modality alone.
 */
public final class CrossAttentionDemo extends LegacyDemo {
    public static final String ID = "cross-attention-fusion";
    private static final int CELLS = 9;
    private static final int CELL = 8;
    private static final int PIXELS = CELL * CELL;
    private static final int CLASSES = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Cross-attention fusion vs concatenation",
            "“What pattern is in cell q?” over a 3×3 grid of patterns: cross-attention from the question to the "
                    + "image patches against concatenation fusion and single-modality models; the attention map.",
            List.of("q28-cross-attention-fusion"),
            List.of(ParamSpec.ofInt("steps", "Training steps per model", 50, 5000, 600, 250, ""),
                    ParamSpec.ofInt("embed", "Token size E", 8, 128, 32, 32, "must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Cross-attention heads", 1, 8, 2, 2, ""),
                    ParamSpec.ofDouble("noise", "Pixel noise", 0, 1, 0.3, 0.3, ""),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)", 1e-5, 1e-1, 3e-3, 3e-3, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 21, 21, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    private enum Fusion {
        CROSS_ATTENTION("cross-attention (question → patches)"),
        CONCAT("concatenate all patch features + question"),
        POOLED("concatenate mean-pooled image + question"),
        IMAGE_ONLY("image only"),
        QUESTION_ONLY("question only");

        final String label;

        Fusion(String label) {
            this.label = label;
        }
    }

    @Override
    protected void run(LegacyContext ctx) {
        int e = ctx.params().getInt("embed");
        int heads = ctx.params().getInt("heads");
        if (e % heads != 0) {
            throw new org.deepdrill.demo.ParamException("Parameter 'embed' (" + e + ") must be divisible by 'heads' ("
                    + heads + ")");
        }
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        double noise = ctx.params().getDouble("noise");
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss per fusion", "step", "cross-entropy", false);
        ctx.liveChart("acc", "Held-out accuracy per fusion (chance 0.125)", "step", "accuracy", false);

        Grid train = Grid.make(m, 4096, noise, seed);
        Grid test = Grid.make(m, 1024, noise, seed + 1);
        List<List<String>> rows = new ArrayList<>();
        double[] acc = new double[Fusion.values().length];
        for (Fusion f : Fusion.values()) {
            Engine.getInstance().setRandomSeed(seed);
            Model model = new Model(f, m, e, heads, ctx.params().getDouble("lr"));
            acc[f.ordinal()] = train(ctx, m, model, train, test, steps, seed);
            rows.add(List.of(f.label, Claim.num(acc[f.ordinal()]), Long.toString(model.w.count())));
            if (f == Fusion.CROSS_ATTENTION) {
                attentionMap(ctx, m, model, test);
            }
        }
        ctx.table(new Table("fusion", "Held-out accuracy after " + steps + " steps (chance 0.125)",
                List.of("fusion", "accuracy", "parameters"), rows));
        double cross = acc[Fusion.CROSS_ATTENTION.ordinal()];
        double concat = acc[Fusion.CONCAT.ordinal()];
        ctx.metric("accuracy, cross-attention", cross, "");
        ctx.metric("accuracy, concatenation", concat, "");
        ctx.claim(Claim.atLeast("Cross-attention answers the question: accuracy", cross, 0.85));
        ctx.claim(Claim.atMost("The image alone cannot: accuracy", acc[Fusion.IMAGE_ONLY.ordinal()], 0.35));
        ctx.claim(Claim.atMost("The question alone cannot: accuracy", acc[Fusion.QUESTION_ONLY.ordinal()], 0.25));
        ctx.claim(Claim.atMost("Pooling the image before fusing loses where things are: accuracy",
                acc[Fusion.POOLED.ordinal()], 0.4));
        ctx.claim(Claim.atLeast("Cross-attention beats concatenation at the same number of steps: accuracy gap",
                cross - concat, 0.05));
    }

    /** Cells (N,9,64) with labels (N,9), questions q (N) and answers = the pattern of cell q. */
    private record Grid(NDArray cells, NDArray question, NDArray answer, int[] q) {
        static Grid make(NDManager m, int n, double noise, long seed) {
            SyntheticImages.Batch b = SyntheticImages.generate(n * CELLS, CELL, CLASSES, noise, seed);
            Random rnd = new Random(seed);
            int[] q = new int[n];
            float[] ans = new float[n];
            for (int i = 0; i < n; i++) {
                q[i] = rnd.nextInt(CELLS);
                ans[i] = b.labels()[i * CELLS + q[i]];
            }
            return new Grid(m.create(b.images(), new Shape(n, CELLS, PIXELS)), m.create(q), m.create(ans), q);
        }
    }

    /** One of the five fusion models; its tensors live in {@code w}. */
    private static final class Model {
        final Fusion f;
        final Weights w;
        final MultiHeadAttention mha;
        final ParameterStore ps;

        Model(Fusion f, NDManager m, int e, int heads, double lr) {
            this.f = f;
            this.w = new Weights(m, lr);
            this.ps = new ParameterStore(m, false);
            w.dense("patch", PIXELS, e);
            w.normal("cellPos", 0.5, CELLS, e);
            w.normal("qEmbed", 0.5, CELLS, e);
            int fused = switch (f) {
                case CROSS_ATTENTION, POOLED -> 2 * e;
                case CONCAT -> (CELLS + 1) * e;
                case IMAGE_ONLY -> CELLS * e;
                case QUESTION_ONLY -> e;
            };
            if (f == Fusion.CROSS_ATTENTION) {
                mha = MultiHeadAttention.builder().embedding(e).heads(heads).build();
                mha.initialize(m, DataType.FLOAT32, new Shape(1, 1, e), new Shape(1, CELLS, e));
                w.addBlock("mha", mha);
                fused = e;
            } else {
                mha = null;
            }
            w.dense("hidden", fused, 128);
            w.dense("out", 128, CLASSES);
        }

        /** Logits (B,8) and, for cross-attention, the weights (B,H,1,9). */
        NDList forward(NDArray cells, NDArray question, boolean training) {
            long b = cells.getShape().get(0);
            NDArray patches = w.apply("patch", cells).maximum(org.deepdrill.demo.lib.train.Scalars.of(0)).add(w.get("cellPos")); // (B,9,E)
            NDArray qTok = w.get("qEmbed").get(question); // (B,E)
            NDArray weights = null;
            NDArray fused = switch (f) {
                case CROSS_ATTENTION -> {
                    NDList att = mha.forward(ps, new NDList(qTok.expandDims(1), patches), training); // (B,1,E), (B,H,1,9)
                    weights = att.get(1);
                    yield att.get(0).squeeze(1).add(qTok); // (B,E)
                }
                case CONCAT -> NDArrays.concat(new NDList(patches.reshape(b, -1), qTok), 1); // (B,10E)
                case POOLED -> NDArrays.concat(new NDList(patches.mean(new int[] {1}), qTok), 1); // (B,2E)
                case IMAGE_ONLY -> patches.reshape(b, -1); // (B,9E)
                case QUESTION_ONLY -> qTok; // (B,E)
            };
            NDArray logits = w.apply("out", w.apply("hidden", fused).maximum(org.deepdrill.demo.lib.train.Scalars.of(0))); // (B,8)
            return weights == null ? new NDList(logits) : new NDList(logits, weights);
        }
    }

    private static double train(LegacyContext ctx, NDManager m, Model model, Grid train, Grid test, int steps, int seed) {
        Random rnd = new Random(seed);
        long n = train.cells.getShape().get(0);
        int batch = 64;
        double running = Double.NaN;
        double acc = 0;
        int run = model.f.ordinal();
        int runs = Fusion.values().length;
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) {
                    idx[i] = rnd.nextInt((int) n);
                }
                NDArray ix = s.create(idx);
                // Results attach to their first operand's manager: the batch goes on s so that the
                // step's activations are freed with it, not kept until the run ends.
                NDArray cells = train.cells.get(ix);
                NDArray question = train.question.get(ix);
                NDArray answer = train.answer.get(ix);
                s.attachAll(new NDList(cells, question, answer));
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.forward(cells, question, true).head();
                    NDArray onehot = answer.toType(DataType.INT64, false).oneHot(CLASSES);
                    loss = logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg();
                    gc.backward(loss);
                }
                model.w.step();
                double l = ctx.checkFinite("loss (" + model.f.label + ")", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.95 * running + 0.05 * l;
            }
            if (step % 10 == 0 || step == 1) {
                ctx.point("loss", model.f.label, step, running);
                ctx.progress(run * steps + step, runs * steps, "training " + model.f.label);
            }
            if (step % Math.max(1, steps / 10) == 0 || step == steps) {
                acc = accuracy(m, model, test);
                ctx.point("acc", model.f.label, step, acc);
            }
        }
        return acc;
    }

    private static double accuracy(NDManager m, Model model, Grid test) {
        try (NDManager s = m.newSubManager()) {
            s.tempAttachAll(test.cells, test.question);
            NDArray pred = model.forward(test.cells, test.question, false).head().argMax(1);
            return pred.toType(DataType.FLOAT32, false).eq(test.answer).toType(DataType.FLOAT32, false)
                    .mean().getFloat();
        }
    }

    /** Mean attention (over heads and test items) from each question cell to each patch: a 9×9 map. */
    private static void attentionMap(LegacyContext ctx, NDManager m, Model model, Grid test) {
        double[][] map = new double[CELLS][CELLS];
        int[] count = new int[CELLS];
        try (NDManager s = m.newSubManager()) {
            s.tempAttachAll(test.cells, test.question);
            NDArray w = model.forward(test.cells, test.question, false).get(1); // (M,H,1,9)
            float[] v = w.mean(new int[] {1}).squeeze(1).toFloatArray(); // (M,9)
            for (int i = 0; i < test.q.length; i++) {
                count[test.q[i]]++;
                for (int j = 0; j < CELLS; j++) {
                    map[test.q[i]][j] += v[i * CELLS + j];
                }
            }
        }
        double onTarget = 0;
        for (int r = 0; r < CELLS; r++) {
            for (int j = 0; j < CELLS; j++) {
                map[r][j] /= Math.max(1, count[r]);
            }
            onTarget += map[r][r] / CELLS;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < CELLS; c++) {
            names.add("cell " + (c / 3) + "," + (c % 3));
        }
        ctx.heatmap(new Heatmap("cross-attention", "Cross-attention weights: question cell (row) → image patch (column)",
                "question asks about", "patch attended", map, names, names));
        ctx.metric("mean attention on the asked-about patch", onTarget, "");
        ctx.claim(Claim.atLeast("The question's attention lands on the patch it asks about: mean weight (uniform = 0.11)",
                onTarget, 0.4));
    }
}
