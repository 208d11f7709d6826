package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.lib.train.OneThread;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q10: a tiny ViT against a small CNN with about the same number of parameters, trained for the
 * same number of steps on 2–3 training-set sizes of the synthetic image task. The CNN's locality
 * and weight sharing should win when data is scarce; the class token's attention shows where the
 * ViT looks.
 */
public final class VitVsCnnDemo extends LegacyDemo {
    public static final String ID = "vit-vs-cnn";
    private static final int SIZE = 16;
    private static final int CLASSES = 8;
    private static final int EMBED = 32;
    private static final int HEADS = 4;
    private static final int BATCH = 32;
    private static final int TEST = 512;

    private static final DemoSpec SPEC = new DemoSpec(ID, "ViT against CNN: inductive bias and data size",
            "Trains a tiny Vision Transformer (patch embedding, class token, learned positions, pre-LN blocks) and a CNN "
                    + "with a matched parameter count on 16×16 synthetic images at growing training-set sizes, and shows "
                    + "the class token's attention over the patches.",
            List.of("q10-vit-vs-cnn"),
            List.of(ParamSpec.ofChoice("patch", "ViT patch size", List.of("2", "4", "8"), "4", "4",
                            "16×16 images: patch 4 gives 16 patch tokens plus the class token"),
                    ParamSpec.ofInt("depth", "ViT depth (encoder blocks)", 1, 6, 2, 2, "the CNN's width follows the ViT's size"),
                    ParamSpec.ofInt("smallest", "Smallest training set", 16, 2048, 48, 48, "each next size is 4× larger"),
                    ParamSpec.ofInt("sizes", "Number of training-set sizes", 2, 3, 3, 2, ""),
                    ParamSpec.ofInt("steps", "Training steps per model", 20, 3000, 200, 100, "the same for every size"),
                    ParamSpec.ofDouble("noise", "Pixel noise std", 0, 1.5, 0.6, 0.6, "higher makes the task harder"),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)", 1e-4, 0.05, 0.003, 0.003, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 4, 4, ""))).withReferenceModel("vit_b_16");

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    /** Test accuracy of one model at one training size. */
    private record Score(double accuracy, double trainAccuracy, long params) {
    }

    @Override
    protected void run(LegacyContext ctx) {
        int patch = Integer.parseInt(ctx.params().get("patch"));
        int depth = ctx.params().getInt("depth");
        int smallest = ctx.params().getInt("smallest");
        int count = ctx.params().getInt("sizes");
        int steps = ctx.params().getInt("steps");
        double noise = ctx.params().getDouble("noise");
        float lr = (float) ctx.params().getDouble("lr");
        int seed = ctx.params().getInt("seed");
        if (SIZE % patch != 0) {
            throw new ParamException("Parameter 'patch' must divide the image size " + SIZE);
        }
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = smallest << (2 * i);
        }
        SyntheticImages.Batch test = SyntheticImages.generate(TEST, SIZE, CLASSES, noise, seed + 99);
        SyntheticImages.Batch pool = SyntheticImages.generate(sizes[count - 1], SIZE, CLASSES, noise, seed);
        ctx.liveChart("loss", "Training loss (live)", "step", "cross-entropy", true);

        double[] vit = new double[count];
        double[] cnn = new double[count];
        long vitParams = 0;
        long cnnParams = 0;
        int width = 0;
        List<List<String>> rows = new ArrayList<>();
        try (OneThread one = OneThread.on(ctx)) {
            for (int i = 0; i < count; i++) {
                boolean last = i == count - 1;
                Score v = train(ctx, new TinyVit(SIZE, patch, EMBED, HEADS, depth, CLASSES), "ViT", pool, sizes[i], test,
                        steps, lr, seed, 2 * i, 2 * count, last ? patch : 0);
                if (width == 0) {
                    width = SmallCnn.widthMatching(v.params(), CLASSES);
                }
                Score c = train(ctx, SmallCnn.build(width, CLASSES), "CNN", pool, sizes[i], test, steps, lr, seed,
                        2 * i + 1, 2 * count, 0);
                vit[i] = v.accuracy();
                cnn[i] = c.accuracy();
                vitParams = v.params();
                cnnParams = c.params();
                rows.add(List.of(Integer.toString(sizes[i]), Claim.num(v.trainAccuracy()), Claim.num(vit[i]),
                        Claim.num(c.trainAccuracy()), Claim.num(cnn[i])));
            }
        }
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = sizes[i];
        }
        ctx.chart(new Chart("accuracy", "Test accuracy against training-set size (same steps for every size)",
                "training images", "test accuracy", Chart.Kind.LINE, true, false,
                List.of(new Series("ViT (" + vitParams + " parameters)", x, vit),
                        new Series("CNN (" + cnnParams + " parameters)", x, cnn))));
        ctx.table(new Table("scores", "Accuracy (chance = " + Claim.num(1.0 / CLASSES) + ")",
                List.of("training images", "ViT train", "ViT test", "CNN train", "CNN test"), rows));
        ctx.metric("ViT parameters", vitParams, "");
        ctx.metric("CNN parameters", cnnParams, "");
        ctx.metric("CNN − ViT test accuracy at the smallest size", cnn[0] - vit[0], "");
        ctx.metric("CNN − ViT test accuracy at the largest size", cnn[count - 1] - vit[count - 1], "");
        ctx.claim(Claim.between("The two models have a similar size: CNN/ViT parameter ratio",
                cnnParams / (double) vitParams, 0.8, 1.25));
        ctx.claim(Claim.atLeast("With the least data the CNN wins (its locality and weight sharing are the prior the ViT "
                + "must learn): CNN − ViT test accuracy at " + sizes[0] + " images", cnn[0] - vit[0], 0.05));
        ctx.claim(Claim.atLeast("More data narrows the gap (the ViT learns from data what the CNN is given): gap at "
                + sizes[0] + " minus gap at " + sizes[count - 1] + " images", (cnn[0] - vit[0]) - (cnn[count - 1] - vit[count - 1]), 0.05));
        ctx.note("Both models see the same number of steps of batch " + BATCH + " at every size, so the small sets are "
                + "repeated many times: the gap there is about generalisation, not about training time.");
    }

    private Score train(LegacyContext ctx, Block net, String name, SyntheticImages.Batch pool, int n,
                        SyntheticImages.Batch test, int steps, float lr, int seed, int index, int total, int patch) {
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed + n);
        int px = SIZE * SIZE;
        String series = name + ", " + n + " images";
        try (TinyTrainer trainer = new TinyTrainer(net, ctx.manager(), new Shape(BATCH, 1, SIZE, SIZE), lr)) {
            Loss ce = Loss.softmaxCrossEntropyLoss();
            float[] img = new float[BATCH * px];
            float[] lab = new float[BATCH];
            for (int step = 1; step <= steps; step++) {
                for (int b = 0; b < BATCH; b++) {
                    int k = rnd.nextInt(n);
                    System.arraycopy(pool.images(), k * px, img, b * px, px);
                    lab[b] = pool.labels()[k];
                }
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray xb = m.create(img, new Shape(BATCH, 1, SIZE, SIZE)); // (B,1,S,S)
                    NDArray yb = m.create(lab); // (B)
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(xb), true).head(); // (B,C)
                        NDArray loss = ce.evaluate(new NDList(yb), new NDList(logits));
                        gc.backward(loss);
                        if (step == 1 || step % 10 == 0) {
                            ctx.point("loss", series, step, ctx.checkFinite("loss (" + series + ")", loss.getFloat()));
                        }
                    }
                    trainer.update();
                }
                if (step % 25 == 0) {
                    ctx.progress(index * steps + step, total * steps, "training the " + name + " on " + n + " images");
                }
            }
            double trainAcc = accuracy(ctx, trainer, pool, n, 0);
            double testAcc = accuracy(ctx, trainer, test, test.count(), patch);
            return new Score(testAcc, trainAcc, trainer.parameterCount());
        }
    }

    /** Accuracy on the first n images; when patch > 0 also draws the class token's attention for three of them. */
    private static double accuracy(LegacyContext ctx, TinyTrainer trainer, SyntheticImages.Batch data, int n, int patch) {
        int px = SIZE * SIZE;
        int right = 0;
        // In chunks: one forward over thousands of images held every attention map at once.
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int len = Math.min(EVAL_CHUNK, n - from);
            try (NDManager m = ctx.manager().newSubManager()) {
                float[] img = java.util.Arrays.copyOfRange(data.images(), from * px, (from + len) * px);
                NDArray x = m.create(img, new Shape(len, 1, SIZE, SIZE)); // (len,1,S,S)
                NDList out = trainer.forward(new NDList(x), false);
                float[] pred = out.head().argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < len; i++) {
                    right += (int) pred[i] == data.labels()[from + i] ? 1 : 0;
                }
                if (patch > 0 && from == 0) {
                    drawAttention(ctx, out.get(1), data, patch, pred);
                }
            }
        }
        return right / (double) n;
    }

    private static final int EVAL_CHUNK = 256;

    /** The class token's attention to each patch in the last block, mean over heads, for three test images. */
    private static void drawAttention(LegacyContext ctx, NDArray weights, SyntheticImages.Batch data, int patch, float[] pred) {
        int g = SIZE / patch;
        int px = SIZE * SIZE;
        for (int i = 0; i < 3; i++) {
            float[] w = weights.get(i).mean(new int[] {0}).get("0, 1:").toFloatArray(); // (N) from the class token
            double[][] map = new double[g][g];
            for (int r = 0; r < g; r++) {
                for (int c = 0; c < g; c++) {
                    map[r][c] = w[r * g + c];
                }
            }
            double[][] pic = new double[SIZE][SIZE];
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    pic[r][c] = data.images()[i * px + r * SIZE + c];
                }
            }
            String truth = SyntheticImages.CLASSES[data.labels()[i]];
            String guess = SyntheticImages.CLASSES[(int) pred[i]];
            ctx.heatmap(Heatmap.of("image-" + (i + 1), "Test image " + (i + 1) + ": " + truth, "row", "column", pic));
            ctx.heatmap(Heatmap.of("cls-attention-" + (i + 1), "Class-token attention over " + g + "×" + g
                    + " patches, image " + (i + 1) + " (ViT says: " + guess + ")", "patch row", "patch column", map));
        }
    }
}
