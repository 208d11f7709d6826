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
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q28: a visual question that needs both modalities. The image is a 3×3 grid of pattern cells; the
 * question names a cell; the answer is that cell's pattern. The main model fuses by cross-attention
 * (the question queries the patches); it is compared with concatenating all patch features with the
 * question, concatenating a mean-pooled image vector with the question, and each modality alone.
 */
public final class CrossAttentionDemo implements Demo<CrossAttentionDemo.Setup, CrossAttentionDemo.Run> {
    public static final String ID = "cross-attention-fusion";
    static final int CELLS = 9;
    private static final int CELL = 8;
    private static final int PIXELS = CELL * CELL;
    private static final int CLASSES = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Cross-attention fusion vs concatenation",
            "“What pattern is in cell q?” over a 3×3 grid of patterns: cross-attention from the question to the "
                    + "image patches against concatenation fusion and single-modality models; the attention map.",
            List.of("q28-cross-attention-fusion"),
            List.of(ParamSpec.ofInt("steps", "Training steps per model").range(50, 5000).byDefault(600).quick(250),
                    ParamSpec.ofInt("embed", "Token size E").range(8, 128).byDefault(32).help("must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Cross-attention heads").range(1, 8).byDefault(2),
                    ParamSpec.ofDouble("noise", "Pixel noise").range(0, 1).byDefault(0.3),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)").range(1e-5, 1e-1).byDefault(3e-3),
                    ParamSpec.seed(21)));

    /** How a model joins the image and the question. */
    public enum Fusion {
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

    /**
     * Checked parameters. {@code main} is the fusion of the model under test (cross-attention unless
     * broken); {@code shuffleQuestions} pairs every image with another item's question.
     */
    public record Setup(int steps, int embed, int heads, double noise, double lr, long seed, Fusion main,
                        boolean shuffleQuestions) {
    }

    /**
     * Held-out accuracy and parameter count per fusion (main model first, then the baselines in
     * {@link Fusion} order), the main model's mean weight on the asked-about patch and its 9×9 map,
     * and what an oracle could reach from the image alone or the question alone.
     */
    public record Run(int steps, String mainLabel, double mainAccuracy, double[] accuracy, long[] parameters,
                      double onTarget, double[][] attentionMap, double imageCeiling, double questionCeiling) {
        double baseline(Fusion f) {
            return accuracy[f.ordinal()];
        }
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int e = p.getInt("embed");
        int heads = p.getInt("heads");
        if (e % heads != 0) {
            throw new ParamException("Parameter 'embed' (" + e + ") must be divisible by 'heads' (" + heads + ")");
        }
        return new Setup(p.getInt("steps"), e, heads, p.getDouble("noise"), p.getDouble("lr"), p.getInt("seed"),
                Fusion.CROSS_ATTENTION, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("shuffled-question", "Each image is paired with another item's question: the text "
                                + "stream no longer says which cell is asked about",
                                s -> new Setup(s.steps(), s.embed(), s.heads(), s.noise(), s.lr(), s.seed(), s.main(), true))
                        .flips("cross-answers", "without the question the model can only guess the commonest pattern")
                        .flips("fusion-needs-both", "fusion is left with the image's information only")
                        .flips("beats-concat", "both fusions fall to the same image-only ceiling")
                        .flips("attention-on-target", "the question token no longer tells the attention where to look")
                        .explainedIn("Why concatenation struggles on lookup tasks")
                        .build(),
                Break.<Setup>of("pool-then-concat", "The model under test concatenates a mean-pooled image vector with "
                                + "the question: the usual “just concatenate the embeddings”",
                                s -> new Setup(s.steps(), s.embed(), s.heads(), s.noise(), s.lr(), s.seed(), Fusion.POOLED,
                                        s.shuffleQuestions()))
                        .flips("cross-answers", "the mean over patches has averaged away which pattern sits where")
                        .flips("fusion-needs-both", "a pooled image carries no more than the image-only model uses")
                        .flips("beats-concat", "pooling does worse than keeping every patch")
                        .flips("attention-on-target", "a mean is attention with fixed weights 1/9 on every patch")
                        .explainedIn("The common wrong answer")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double single = Math.max(r.baseline(Fusion.IMAGE_ONLY), r.baseline(Fusion.QUESTION_ONLY));
        return List.of(
                Claim.atLeast("cross-answers", "The fused model answers the question: held-out accuracy (chance 0.125)",
                        r.mainAccuracy(), 0.85),
                Claim.atLeast("fusion-needs-both", "It needs both modalities: accuracy − the better single-modality "
                        + "model", r.mainAccuracy() - single, 0.5),
                Claim.atLeast("beats-concat", "Concatenating all patch features with the question lags far behind at the "
                        + "same number of steps: accuracy gap", r.mainAccuracy() - r.baseline(Fusion.CONCAT), 0.3),
                Claim.atLeast("attention-on-target", "The question's attention lands on the patch it asks about: mean "
                        + "weight (uniform = 0.11)", r.onTarget(), 0.4));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss per fusion", "step", "cross-entropy", false);
        ctx.liveChart("acc", "Held-out accuracy per fusion (chance 0.125)", "step", "accuracy", false);
        Grid train = Grid.make(m, 4096, s, s.seed());
        Grid test = Grid.make(m, 1024, s, s.seed() + 1);

        int n = Fusion.values().length;
        double[] acc = new double[n];
        long[] params = new long[n];
        Engine.getInstance().setRandomSeed((int) s.seed());
        Model main = new Model(s.main(), m, s);
        double mainAcc = train(ctx, m, main, train, test, s, 0, n);
        double[][] map = new double[CELLS][CELLS];
        double onTarget = attentionMap(m, main, test, map);
        int run = 1;
        for (Fusion f : Fusion.values()) {
            if (f == s.main()) {
                acc[f.ordinal()] = mainAcc;
                params[f.ordinal()] = main.w.count();
                continue;
            }
            Engine.getInstance().setRandomSeed((int) s.seed());
            Model model = new Model(f, m, s);
            acc[f.ordinal()] = train(ctx, m, model, train, test, s, run++, n);
            params[f.ordinal()] = model.w.count();
        }
        return new Run(s.steps(), s.main().label, mainAcc, acc, params, onTarget, map, test.imageCeiling(),
                test.questionCeiling(train));
    }

    @Override
    public Presentation present(Run r) {
        List<List<String>> rows = new ArrayList<>();
        for (Fusion f : Fusion.values()) {
            rows.add(List.of(f.label, Claim.num(r.baseline(f)), Long.toString(r.parameters()[f.ordinal()])));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < CELLS; c++) {
            names.add("cell " + (c / 3) + "," + (c % 3));
        }
        return Presentation.builder()
                .heatmap(new Heatmap("cross-attention", "Attention weights of the model under test: question cell (row) "
                        + "→ image patch (column)", "question asks about", "patch attended", r.attentionMap(), names, names))
                .table(new Table("fusion", "Held-out accuracy after " + r.steps() + " steps (chance 0.125)",
                        List.of("fusion", "accuracy", "parameters"), rows))
                .metric("accuracy, model under test (" + r.mainLabel() + ")", r.mainAccuracy(), "")
                .metric("accuracy, concatenation", r.baseline(Fusion.CONCAT), "")
                .metric("mean attention on the asked-about patch", r.onTarget(), "")
                .metric("best possible from the image alone (most common pattern of the 9 cells)", r.imageCeiling(), "")
                .metric("the question alone: commonest training answer per question, on the test set",
                        r.questionCeiling(), "")
                .note("The image-only, question-only and pooled models cannot beat the ceilings above, whatever they "
                        + "learn: without the question, or with the positions averaged away, the best guess is the "
                        + "commonest pattern of the grid. Their accuracies are therefore shown, not tested.")
                .build();
    }

    // --- the machinery -------------------------------------------------------------------------

    /** Cells (N,9,64) with labels (N,9), questions q (N) and answers = the pattern of the asked cell. */
    private record Grid(NDArray cells, NDArray question, NDArray answer, int[] q, int[] answers, int[] labels) {
        static Grid make(NDManager m, int n, Setup s, long seed) {
            SyntheticImages.Batch b = SyntheticImages.generate(n * CELLS, CELL, CLASSES, s.noise(), seed);
            Random rnd = new Random(seed);
            int[] q = new int[n];
            int[] answers = new int[n];
            float[] ans = new float[n];
            for (int i = 0; i < n; i++) {
                q[i] = rnd.nextInt(CELLS);
                answers[i] = b.labels()[i * CELLS + q[i]];
                ans[i] = answers[i];
            }
            int[] shown = q;
            if (s.shuffleQuestions()) {
                // Each item keeps its answer but shows another item's question.
                shown = q.clone();
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = shown[i];
                    shown[i] = shown[j];
                    shown[j] = t;
                }
            }
            return new Grid(m.create(b.images(), new Shape(n, CELLS, PIXELS)), m.create(shown), m.create(ans), shown,
                    answers, b.labels());
        }

        /** Mean over items of (count of the commonest pattern among the 9 cells) / 9. */
        double imageCeiling() {
            double sum = 0;
            for (int i = 0; i < q.length; i++) {
                int[] count = new int[CLASSES];
                int best = 0;
                for (int c = 0; c < CELLS; c++) {
                    best = Math.max(best, ++count[labels[i * CELLS + c]]);
                }
                sum += best / (double) CELLS;
            }
            return sum / q.length;
        }

        /** The commonest answer per question on {@code train}, scored on these items. */
        double questionCeiling(Grid train) {
            int[][] count = new int[CELLS][CLASSES];
            for (int i = 0; i < train.q.length; i++) {
                count[train.q[i]][train.answers[i]]++;
            }
            int[] guess = new int[CELLS];
            for (int c = 0; c < CELLS; c++) {
                for (int k = 0; k < CLASSES; k++) {
                    guess[c] = count[c][k] > count[c][guess[c]] ? k : guess[c];
                }
            }
            int hits = 0;
            for (int i = 0; i < q.length; i++) {
                hits += guess[q[i]] == answers[i] ? 1 : 0;
            }
            return hits / (double) q.length;
        }
    }

    /** One of the five fusion models; its tensors live in {@code w}. */
    private static final class Model {
        final Fusion f;
        final Weights w;
        final MultiHeadAttention mha;
        final ParameterStore ps;

        Model(Fusion f, NDManager m, Setup s) {
            int e = s.embed();
            this.f = f;
            this.w = new Weights(m, s.lr());
            this.ps = new ParameterStore(m, false);
            w.dense("patch", PIXELS, e);
            w.normal("cellPos", 0.5, CELLS, e);
            w.normal("qEmbed", 0.5, CELLS, e);
            int fused = switch (f) {
                case CROSS_ATTENTION, QUESTION_ONLY -> e;
                case POOLED -> 2 * e;
                case CONCAT -> (CELLS + 1) * e;
                case IMAGE_ONLY -> CELLS * e;
            };
            if (f == Fusion.CROSS_ATTENTION) {
                mha = MultiHeadAttention.builder().embedding(e).heads(s.heads()).build();
                mha.initialize(m, DataType.FLOAT32, new Shape(1, 1, e), new Shape(1, CELLS, e));
                w.addBlock("mha", mha);
            } else {
                mha = null;
            }
            w.dense("hidden", fused, 128);
            w.dense("out", 128, CLASSES);
        }

        /** Logits (B,8) and the weights over the 9 patches (B,H,1,9); a mean is fixed weights 1/9. */
        NDList forward(NDArray cells, NDArray question, boolean training) {
            long b = cells.getShape().get(0);
            NDArray patches = w.apply("patch", cells).maximum(Scalars.of(0)).add(w.get("cellPos")); // (B,9,E)
            NDArray qTok = w.get("qEmbed").get(question); // (B,E)
            NDArray weights = null;
            NDArray fused = switch (f) {
                case CROSS_ATTENTION -> {
                    NDList att = mha.forward(ps, new NDList(qTok.expandDims(1), patches), training); // (B,1,E), (B,H,1,9)
                    weights = att.get(1);
                    yield att.get(0).squeeze(1).add(qTok); // (B,E)
                }
                case CONCAT -> NDArrays.concat(new NDList(patches.reshape(b, -1), qTok), 1); // (B,10E)
                case POOLED -> {
                    weights = patches.getManager().full(new Shape(b, 1, 1, CELLS), 1f / CELLS);
                    yield NDArrays.concat(new NDList(patches.mean(new int[] {1}), qTok), 1); // (B,2E)
                }
                case IMAGE_ONLY -> patches.reshape(b, -1); // (B,9E)
                case QUESTION_ONLY -> qTok; // (B,E)
            };
            NDArray logits = w.apply("out", w.apply("hidden", fused).maximum(Scalars.of(0))); // (B,8)
            return weights == null ? new NDList(logits) : new NDList(logits, weights);
        }
    }

    private static double train(DemoContext ctx, NDManager m, Model model, Grid train, Grid test, Setup s, int run,
                                int runs) {
        Random rnd = new Random(s.seed());
        long n = train.cells.getShape().get(0);
        int batch = 64;
        double running = Double.NaN;
        double acc = 0;
        for (int step = 1; step <= s.steps(); step++) {
            try (NDManager sm = m.newSubManager()) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) {
                    idx[i] = rnd.nextInt((int) n);
                }
                NDArray ix = sm.create(idx);
                // Results attach to their first operand's manager: the batch goes on sm so that the
                // step's activations are freed with it, not kept until the run ends.
                NDArray cells = train.cells.get(ix);
                NDArray question = train.question.get(ix);
                NDArray answer = train.answer.get(ix);
                sm.attachAll(new NDList(cells, question, answer));
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.forward(cells, question, true).head();
                    NDArray onehot = answer.toType(DataType.INT64, false).oneHot(CLASSES);
                    loss = logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg();
                    gc.backward(loss);
                }
                model.w.step();
                double l = ctx.checkFinite("loss (" + model.f.label + ", lr " + s.lr() + ")", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.95 * running + 0.05 * l;
            }
            if (step % 10 == 0 || step == 1) {
                ctx.point("loss", model.f.label, step, running);
                ctx.progress(run * s.steps() + step, runs * s.steps(), "training " + model.f.label);
            }
            if (step % Math.max(1, s.steps() / 10) == 0 || step == s.steps()) {
                acc = accuracy(m, model, test);
                ctx.point("acc", model.f.label, step, acc);
            }
        }
        return acc;
    }

    private static double accuracy(NDManager m, Model model, Grid test) {
        try (NDManager sm = m.newSubManager()) {
            sm.tempAttachAll(test.cells, test.question);
            NDArray pred = model.forward(test.cells, test.question, false).head().argMax(1);
            return pred.toType(DataType.FLOAT32, false).eq(test.answer).toType(DataType.FLOAT32, false)
                    .mean().getFloat();
        }
    }

    /**
     * Fills {@code map} with the mean weight (over heads and test items) from each question cell to
     * each patch, and returns the mean weight on the asked-about patch.
     */
    private static double attentionMap(NDManager m, Model model, Grid test, double[][] map) {
        int[] count = new int[CELLS];
        try (NDManager sm = m.newSubManager()) {
            sm.tempAttachAll(test.cells, test.question);
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
        return onTarget;
    }
}
