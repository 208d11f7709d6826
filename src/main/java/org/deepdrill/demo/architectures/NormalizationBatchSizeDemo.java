package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q3: the same small CNN with BatchNorm, LayerNorm and GroupNorm, trained on the same number of
 * images at batch sizes 2, 8 and 32. Each setting trains several independent copies at once (one
 * grouped network), and the claims compare accuracies averaged over the copies, in inference mode.
 */
public final class NormalizationBatchSizeDemo implements Demo<NormalizationBatchSizeDemo.Setup, NormalizationBatchSizeDemo.Run> {
    public static final String ID = "normalization-batch-size";
    static final String[] NORMS = {"BatchNorm", "LayerNorm", "GroupNorm"};
    static final int[] BATCHES = {2, 8, 32};
    static final int BN = 0;
    static final int GN = 2;
    static final int SMALL = 0;
    static final int MEDIUM = 1;
    private static final int SIZE = 12;
    private static final int CLASSES = 8;
    private static final int TEST = 512;

    private static final DemoSpec SPEC = new DemoSpec(ID, "BatchNorm, LayerNorm, GroupNorm and the batch size",
            "One small CNN (conv-norm-ReLU ×3 with pooling, then a hidden layer with the same norm) trained on the same "
                    + "number of synthetic images at batch 2, 8 and 32 with each normalisation. Several independent copies "
                    + "train side by side and their test accuracies are averaged. LayerNorm normalises each sample over "
                    + "(C,H,W), i.e. GroupNorm with one group; GroupNorm uses 4 groups.",
            List.of("q03-normalization"),
            List.of(ParamSpec.ofInt("images", "Training images per copy (same for every batch size)").range(384, 8192)
                            .byDefault(512).help("batch 2 takes images / 2 steps"),
                    ParamSpec.ofInt("copies", "Independent copies per setting").range(3, 8).byDefault(4)
                            .help("trained at once; the claims use their mean accuracy"),
                    ParamSpec.ofDouble("lr", "Adam learning rate").range(0.0005, 0.01).byDefault(0.003),
                    ParamSpec.ofDouble("noise", "Pixel noise of the images").range(0, 0.4).byDefault(0.3),
                    ParamSpec.seed(2)));

    /** Checked parameters; {@code frozenStats} replaces BatchNorm's batch statistics by fixed ones (mean 0, variance 1). */
    public record Setup(int images, int copies, double lr, double noise, long seed, boolean frozenStats) {
    }

    /**
     * Test accuracy in inference mode per norm, batch size and copy, accuracy[norm][batch][copy]; and
     * BatchNorm's accuracy with running statistics and with test-batch statistics, [batch][copy].
     */
    public record Run(int[] batches, int images, double[][][] accuracy, double[][] bnRunning, double[][] bnBatchStats) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("images"), p.getInt("copies"), p.getDouble("lr"), p.getDouble("noise"), p.getInt("seed"),
                false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("frozen-batch-statistics", "BatchNorm's statistics are frozen at mean 0 and "
                                + "variance 1, in training and at test: only its scale and shift remain, and nothing depends on the batch",
                        s -> new Setup(s.images(), s.copies(), s.lr(), s.noise(), s.seed(), true))
                .flips("batch-norm-degrades", "without batch statistics the batch size no longer enters the layer")
                .flips("group-norm-beats-batch-norm", "BatchNorm's deficit at batch 2 came from its two-sample statistics")
                .explainedIn("BatchNorm: powerful, but the batch is part of the function")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        String small = "batch " + r.batches()[SMALL];
        String medium = "batch " + r.batches()[MEDIUM];
        return List.of(
                Claim.atLeast("batch-norm-degrades", "BatchNorm degrades at " + small + ": mean accuracy at " + medium
                        + " − at " + small, mean(r, BN, MEDIUM) - mean(r, BN, SMALL), 0.1),
                Claim.atLeast("group-norm-holds", "GroupNorm holds at " + small + ": mean accuracy at " + small + " − at "
                        + medium, mean(r, GN, SMALL) - mean(r, GN, MEDIUM), -0.05),
                Claim.atLeast("group-norm-beats-batch-norm", "At " + small + " GroupNorm beats BatchNorm: mean accuracy "
                        + "GroupNorm − BatchNorm", mean(r, GN, SMALL) - mean(r, BN, SMALL), 0.05));
    }

    static double mean(Run r, int norm, int batch) {
        return meanOf(r.accuracy()[norm][batch]);
    }

    static double meanOf(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            return train(s, ctx);
        }
    }

    private Run train(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        ImageArrays train = ImageArrays.generate(m, 4096, SIZE, CLASSES, s.noise(), s.seed());
        ImageArrays test = ImageArrays.generate(m, TEST, SIZE, CLASSES, s.noise(), s.seed() + 104_729);
        ctx.liveChart("loss", "Training loss against images seen (mean of the copies)", "images seen per copy",
                "cross-entropy (running mean)", false);
        double[][][] acc = new double[NORMS.length][BATCHES.length][];
        double[][] bnRunning = new double[BATCHES.length][];
        double[][] bnBatch = new double[BATCHES.length][];
        int totalSteps = 0;
        for (int b : BATCHES) {
            totalSteps += NORMS.length * (s.images() / b);
        }
        int done = 0;
        for (int bi = 0; bi < BATCHES.length; bi++) {
            int batch = BATCHES[bi];
            int steps = s.images() / batch;
            for (int ni = 0; ni < NORMS.length; ni++) {
                String series = NORMS[ni] + ", batch " + batch;
                Classifier.seed(s.seed() + ni);
                String kind = s.frozenStats() && ni == BN ? "fixed" : NORMS[ni];
                try (Classifier c = new Classifier(series, ReplicaCnn.build(kind, s.copies(), CLASSES), ctx.device(),
                        new Shape(batch, s.copies(), SIZE, SIZE), CLASSES, Classifier.adam(s.lr()), null)) {
                    Random rnd = new Random(s.seed() + 31L * batch); // the same batches for every norm
                    double running = Math.log(CLASSES);
                    int every = Math.max(1, steps / 40);
                    for (int step = 0; step < steps; step++) {
                        try (NDManager sm = m.newSubManager()) {
                            NDArray[] xy = ReplicaCnn.spread(train.sample(sm, batch * s.copies(), rnd), s.copies());
                            double loss = ctx.checkFinite(series + " loss", c.step(xy[0], xy[1]));
                            running = 0.95 * running + 0.05 * loss;
                        }
                        if (step % every == every - 1) {
                            ctx.point("loss", series, (step + 1.0) * batch, running);
                            ctx.progress(done + step + 1, totalSteps, "training " + series);
                        }
                    }
                    done += steps;
                    acc[ni][bi] = ReplicaCnn.accuracy(c, m, test.images(), test.labels(), s.copies(), CLASSES, 0);
                    if (ni == BN) {
                        bnRunning[bi] = acc[ni][bi];
                        bnBatch[bi] = ReplicaCnn.accuracy(c, m, test.images(), test.labels(), s.copies(), CLASSES, batch);
                    }
                }
            }
        }
        return new Run(BATCHES.clone(), s.images(), acc, bnRunning, bnBatch);
    }

    @Override
    public Presentation present(Run r) {
        int nb = r.batches().length;
        double[] xs = new double[nb];
        for (int i = 0; i < nb; i++) {
            xs[i] = r.batches()[i];
        }
        List<Series> series = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Presentation.Builder out = Presentation.builder();
        for (int ni = 0; ni < NORMS.length; ni++) {
            double[] means = new double[nb];
            for (int bi = 0; bi < nb; bi++) {
                means[bi] = mean(r, ni, bi);
                double[] a = r.accuracy()[ni][bi];
                double lo = a[0];
                double hi = a[0];
                for (double v : a) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                rows.add(List.of(NORMS[ni], Integer.toString(r.batches()[bi]), Claim.num(means[bi]), Claim.num(lo),
                        Claim.num(hi)));
                out.metric(NORMS[ni] + " accuracy at batch " + r.batches()[bi], means[bi], "");
            }
            series.add(new Series(NORMS[ni], xs, means));
        }
        int copies = r.accuracy()[0][0].length;
        List<List<String>> modes = new ArrayList<>();
        for (int bi = 0; bi < nb; bi++) {
            double running = meanOf(r.bnRunning()[bi]);
            double batchStats = meanOf(r.bnBatchStats()[bi]);
            modes.add(List.of(Integer.toString(r.batches()[bi]), Claim.num(running), Claim.num(batchStats),
                    Claim.num(batchStats - running)));
        }
        out.table(new Table("modes", "BatchNorm's test accuracy with running statistics (inference mode) and with the "
                + "statistics of each test batch of the training size (training mode)", List.of("batch", "running statistics",
                "test-batch statistics", "difference"), modes));
        return out.chart(Chart.line("accuracy", "Test accuracy (inference mode, mean of " + copies + " copies) against "
                                + "batch size", "batch size", "test accuracy", series).withLog(true, false))
                .table(new Table("accuracy", "Test accuracy per setting over " + copies + " independent copies",
                        List.of("norm", "batch", "mean", "worst copy", "best copy"), rows))
                .note("Every run sees the same " + r.images() + " images per copy, so batch 2 takes 16× more optimizer steps "
                        + "than batch 32, and every norm gets the same batches. Inference mode uses BatchNorm's running "
                        + "statistics; at batch 2 the hidden layer's BatchNorm sees only two values per "
                        + "feature in training.")
                .build();
    }
}
