package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q10: a tiny ViT against a small CNN with about the same number of parameters, trained for the
 * same number of steps on 2–3 training-set sizes of the synthetic image task. The CNN's locality
 * and weight sharing should win when data is scarce; the class token's attention shows where the
 * ViT looks.
 */
public final class VitVsCnnDemo implements Demo<VitVsCnnDemo.Setup, VitVsCnnDemo.Run> {
    public static final String ID = "vit-vs-cnn";
    private static final int SIZE = 16;
    private static final int CLASSES = 8;
    private static final int EMBED = 32;
    private static final int HEADS = 4;
    private static final int BATCH = 32;
    private static final int TEST = 2048;
    private static final int EVAL_CHUNK = 256;
    private static final int MAX_SET = 32_768;

    private static final DemoSpec SPEC = new DemoSpec(ID, "ViT against CNN: inductive bias and data size",
            "Trains a tiny Vision Transformer (patch embedding, class token, learned positions, pre-LN blocks) and a CNN "
                    + "with a matched parameter count on 16×16 synthetic images at growing training-set sizes, and shows "
                    + "the class token's attention over the patches.",
            List.of("q10-vit-vs-cnn"),
            List.of(ParamSpec.ofChoice("patch", "ViT patch size", List.of("2", "4", "8"), "4", "4",
                            "16×16 images: patch 4 gives 16 patch tokens plus the class token"),
                    ParamSpec.ofInt("depth", "ViT depth (encoder blocks)").range(1, 6).byDefault(2)
                            .help("the CNN's width follows the ViT's size"),
                    ParamSpec.ofInt("smallest", "Smallest training set").range(16, 2048).byDefault(48),
                    ParamSpec.ofInt("growth", "Growth from one training-set size to the next").range(2, 16).byDefault(4)
                            .quick(16).help("each next size is this many times larger; at most " + MAX_SET + " images"),
                    ParamSpec.ofInt("sizes", "Number of training-set sizes").range(2, 3).byDefault(3).quick(2),
                    ParamSpec.ofInt("steps", "Training steps per model").range(20, 3000).byDefault(200).quick(100)
                            .help("the same for every size"),
                    ParamSpec.ofDouble("noise", "Pixel noise std").range(0, 1.5).byDefault(0.6)
                            .help("higher makes the task harder"),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)").range(1e-4, 0.05).byDefault(0.003),
                    ParamSpec.seed(4))).withReferenceModel("vit_b_16");

    /** Checked parameters. {@code cnnSeesGrid = false}: the CNN sees every image through a fixed pixel shuffle. */
    public record Setup(int patch, int depth, int smallest, int growth, int sizes, int steps, double noise, double lr,
                        long seed, boolean cnnSeesGrid) {
    }

    /** Three test images, the class token's attention over the patch grid for each, and the labels. */
    public record Looks(double[][][] images, double[][][] attention, String[] truth, String[] guess) {
    }

    /**
     * Per training-set size: test and training accuracy of each model. Parameter counts are read
     * from the arrays each trainer updated.
     */
    public record Run(int classes, int[] sizes, double[] vitTest, double[] vitTrain, double[] cnnTest, double[] cnnTrain,
                      long vitParams, long cnnParams, int patch, Looks looks) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        Setup s = new Setup(Integer.parseInt(p.get("patch")), p.getInt("depth"), p.getInt("smallest"), p.getInt("growth"),
                p.getInt("sizes"), p.getInt("steps"), p.getDouble("noise"), p.getDouble("lr"), p.getInt("seed"), true);
        int[] sizes = sizes(s);
        if (sizes[sizes.length - 1] > MAX_SET) {
            throw new ParamException("The largest training set, smallest × growth^(sizes − 1) = " + sizes[sizes.length - 1]
                    + " images, is over " + MAX_SET + ": lower 'smallest', 'growth' or 'sizes'");
        }
        return s;
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("cnn-pixels-shuffled",
                        "The CNN sees every image through one fixed random shuffle of its pixels, so neighbours in its "
                                + "input are no longer neighbours in the picture",
                        s -> new Setup(s.patch(), s.depth(), s.smallest(), s.growth(), s.sizes(), s.steps(), s.noise(), s.lr(),
                                s.seed(), false))
                .flips("cnn-wins-small-data", "the CNN's locality prior now points at unrelated pixels, so it buys nothing")
                .explainedIn("Inductive bias: the heart of the comparison")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.sizes().length - 1;
        double gapSmall = r.cnnTest()[0] - r.vitTest()[0];
        double gapLarge = r.cnnTest()[last] - r.vitTest()[last];
        return List.of(
                Claim.atLeast("cnn-wins-small-data", "With the least data the CNN wins by a wide margin (its locality and weight "
                        + "sharing are the prior the ViT must learn): CNN − ViT test accuracy at " + r.sizes()[0] + " images",
                        gapSmall, 0.2),
                Claim.atLeast("gap-narrows", "More data narrows the gap (the ViT learns from data what the CNN is given): "
                        + "gap at " + r.sizes()[0] + " minus gap at " + r.sizes()[last] + " images", gapSmall - gapLarge, 0.05));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int count = s.sizes();
        int[] sizes = sizes(s);
        SyntheticImages.Batch test = SyntheticImages.generate(TEST, SIZE, CLASSES, s.noise(), s.seed() + 99);
        SyntheticImages.Batch pool = SyntheticImages.generate(sizes[count - 1], SIZE, CLASSES, s.noise(), s.seed());
        SyntheticImages.Batch cnnTest = test;
        SyntheticImages.Batch cnnPool = pool;
        if (!s.cnnSeesGrid()) {
            int[] perm = permutation(SIZE * SIZE, new Random(s.seed() + 7));
            cnnTest = shuffled(test, perm);
            cnnPool = shuffled(pool, perm);
        }
        ctx.liveChart("loss", "Training loss (live)", "step", "cross-entropy", true);
        double[] vit = new double[count];
        double[] vitTrain = new double[count];
        double[] cnn = new double[count];
        double[] cnnTrain = new double[count];
        long vitParams = 0;
        long cnnParams = 0;
        int width = 0;
        Looks looks = null;
        try (OneThread one = OneThread.on(ctx)) {
            for (int i = 0; i < count; i++) {
                boolean last = i == count - 1;
                Fitted v = train(ctx, s, new TinyVit(SIZE, s.patch(), EMBED, HEADS, s.depth(), CLASSES), "ViT", pool,
                        sizes[i], test, 2 * i, 2 * count, last);
                if (width == 0) {
                    width = SmallCnn.widthMatching(v.params(), CLASSES);
                }
                Fitted c = train(ctx, s, SmallCnn.build(width, CLASSES), "CNN", cnnPool, sizes[i], cnnTest, 2 * i + 1,
                        2 * count, false);
                vit[i] = v.test();
                vitTrain[i] = v.train();
                cnn[i] = c.test();
                cnnTrain[i] = c.train();
                vitParams = v.params();
                cnnParams = c.params();
                if (last) {
                    looks = v.looks();
                }
            }
        }
        return new Run(CLASSES, sizes, vit, vitTrain, cnn, cnnTrain, vitParams, cnnParams, s.patch(), looks);
    }

    @Override
    public Presentation present(Run r) {
        int count = r.sizes().length;
        double[] x = new double[count];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            x[i] = r.sizes()[i];
            rows.add(List.of(Integer.toString(r.sizes()[i]), Claim.num(r.vitTrain()[i]), Claim.num(r.vitTest()[i]),
                    Claim.num(r.cnnTrain()[i]), Claim.num(r.cnnTest()[i])));
        }
        Presentation.Builder p = Presentation.builder()
                .chart(new Chart("accuracy", "Test accuracy against training-set size (same steps for every size)",
                        "training images", "test accuracy", Chart.Kind.LINE, true, false,
                        List.of(new Series("ViT (" + r.vitParams() + " parameters)", x, r.vitTest()),
                                new Series("CNN (" + r.cnnParams() + " parameters)", x, r.cnnTest()))))
                .table(new Table("scores", "Accuracy (chance = " + Claim.num(1.0 / r.classes()) + ")",
                        List.of("training images", "ViT train", "ViT test", "CNN train", "CNN test"), rows));
        Looks l = r.looks();
        int g = SIZE / r.patch();
        for (int i = 0; i < l.images().length; i++) {
            p.heatmap(Heatmap.of("image-" + (i + 1), "Test image " + (i + 1) + ": " + l.truth()[i], "row", "column",
                    l.images()[i]));
            p.heatmap(Heatmap.of("cls-attention-" + (i + 1), "Class-token attention over " + g + "×" + g
                    + " patches, image " + (i + 1) + " (ViT says: " + l.guess()[i] + ")", "patch row", "patch column",
                    l.attention()[i]));
        }
        return p.metric("ViT parameters", r.vitParams(), "")
                .metric("CNN parameters", r.cnnParams(), "")
                .metric("CNN/ViT parameter ratio (the CNN's width is chosen to match)", r.cnnParams() / (double) r.vitParams(), "")
                .metric("CNN − ViT test accuracy at the smallest size", r.cnnTest()[0] - r.vitTest()[0], "")
                .metric("CNN − ViT test accuracy at the largest size", r.cnnTest()[count - 1] - r.vitTest()[count - 1], "")
                .note("Both models see the same number of steps of batch " + BATCH + " at every size, so the small sets are "
                        + "repeated many times: the gap there is about generalisation, not about training time.")
                .build();
    }

    /** One trained model: test and training accuracy, trainable parameters, and (ViT, largest size) its looks. */
    private record Fitted(double test, double train, long params, Looks looks) {
    }

    private Fitted train(DemoContext ctx, Setup s, Block net, String name, SyntheticImages.Batch pool, int n,
                         SyntheticImages.Batch test, int index, int total, boolean look) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed() + n);
        int px = SIZE * SIZE;
        String series = name + ", " + n + " images";
        try (TinyTrainer trainer = new TinyTrainer(net, ctx.manager(), new Shape(BATCH, 1, SIZE, SIZE), (float) s.lr())) {
            Loss ce = Loss.softmaxCrossEntropyLoss();
            float[] img = new float[BATCH * px];
            float[] lab = new float[BATCH];
            for (int step = 1; step <= s.steps(); step++) {
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
                    ctx.progress(index * s.steps() + step, total * s.steps(), "training the " + name + " on " + n + " images");
                }
            }
            Looks[] looks = new Looks[1];
            double trainAcc = accuracy(ctx, trainer, pool, n, null, 0);
            double testAcc = accuracy(ctx, trainer, test, test.count(), look ? looks : null, s.patch());
            return new Fitted(testAcc, trainAcc, trainer.parameterCount(), looks[0]);
        }
    }

    /** Accuracy on the first n images; when {@code looks} is given, fills it from the first chunk. */
    private static double accuracy(DemoContext ctx, TinyTrainer trainer, SyntheticImages.Batch data, int n, Looks[] looks,
                                   int patch) {
        int px = SIZE * SIZE;
        int right = 0;
        // In chunks: one forward over thousands of images held every attention map at once.
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int len = Math.min(EVAL_CHUNK, n - from);
            try (NDManager m = ctx.manager().newSubManager()) {
                float[] img = Arrays.copyOfRange(data.images(), from * px, (from + len) * px);
                NDArray x = m.create(img, new Shape(len, 1, SIZE, SIZE)); // (len,1,S,S)
                NDList out = trainer.forward(new NDList(x), false);
                float[] pred = out.head().argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < len; i++) {
                    right += (int) pred[i] == data.labels()[from + i] ? 1 : 0;
                }
                if (looks != null && from == 0) {
                    looks[0] = looks(out.get(1), data, patch, pred);
                }
            }
        }
        return right / (double) n;
    }

    /** The class token's attention to each patch in the last block, mean over heads, for three test images. */
    private static Looks looks(NDArray weights, SyntheticImages.Batch data, int patch, float[] pred) {
        int g = SIZE / patch;
        int px = SIZE * SIZE;
        double[][][] maps = new double[3][g][g];
        double[][][] pics = new double[3][SIZE][SIZE];
        String[] truth = new String[3];
        String[] guess = new String[3];
        for (int i = 0; i < 3; i++) {
            float[] w = weights.get(i).mean(new int[] {0}).get("0, 1:").toFloatArray(); // (N) from the class token
            for (int r = 0; r < g; r++) {
                for (int c = 0; c < g; c++) {
                    maps[i][r][c] = w[r * g + c];
                }
            }
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    pics[i][r][c] = data.images()[i * px + r * SIZE + c];
                }
            }
            truth[i] = SyntheticImages.CLASSES[data.labels()[i]];
            guess[i] = SyntheticImages.CLASSES[(int) pred[i]];
        }
        return new Looks(pics, maps, truth, guess);
    }

    private static int[] sizes(Setup s) {
        int[] sizes = new int[s.sizes()];
        long n = s.smallest();
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (int) Math.min(n, Integer.MAX_VALUE);
            n *= s.growth();
        }
        return sizes;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The same images with pixel perm[i] moved to position i. */
    private static SyntheticImages.Batch shuffled(SyntheticImages.Batch b, int[] perm) {
        int px = perm.length;
        float[] out = new float[b.images().length];
        for (int k = 0; k < b.count(); k++) {
            for (int i = 0; i < px; i++) {
                out[k * px + i] = b.images()[k * px + perm[i]];
            }
        }
        return new SyntheticImages.Batch(out, b.labels(), b.size(), b.classes());
    }
}
