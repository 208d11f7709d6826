package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.lib.train.OneThread;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.GroupNorm;
import org.deepdrill.demo.lib.data.ImageArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q3: the same small CNN with BatchNorm, LayerNorm and GroupNorm, trained on the same number of
 * images at batch sizes 2, 8 and 64. Test accuracy against batch size, and BatchNorm's gap between
 * training mode (batch statistics) and inference mode (running statistics).
 */
public final class NormalizationBatchSizeDemo extends LegacyDemo {
    public static final String ID = "normalization-batch-size";
    static final String[] NORMS = {"BatchNorm", "LayerNorm", "GroupNorm"};
    static final int[] BATCHES = {2, 8, 64};
    private static final int SIZE = 12;
    private static final int CLASSES = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "BatchNorm, LayerNorm, GroupNorm and the batch size",
            "One small CNN (conv-norm-ReLU ×3 with pooling, then a hidden linear layer with the same norm) trained on the same number of synthetic images at batch 2, 8 "
                    + "and 64 with each normalisation. LayerNorm here normalises each sample over (C,H,W), i.e. GroupNorm "
                    + "with one group; GroupNorm uses 4 groups.",
            List.of("q03-normalization"),
            List.of(ParamSpec.ofInt("images", "Training images seen per run (same for every batch size)", 256, 20000,
                            2048, 768, ""),
                    ParamSpec.ofDouble("lr", "Adam learning rate", 0.0001, 0.05, 0.003, 0.003, ""),
                    ParamSpec.ofDouble("noise", "Pixel noise of the images", 0, 1.5, 0.6, 0.6, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 2, 2, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    static Block norm(String kind) {
        return switch (kind) {
            case "BatchNorm" -> Convs.batchNorm();
            case "LayerNorm" -> new GroupNorm(1);
            default -> new GroupNorm(4);
        };
    }

    static Block network(String kind) {
        return new SequentialBlock()
                .add(Convs.conv(16, 3, 1, false)).add(norm(kind)).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Convs.conv(32, 3, 1, false)).add(norm(kind)).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Convs.conv(32, 3, 1, false)).add(norm(kind)).add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(32).optBias(false).build()).add(norm(kind)).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    @Override
    protected void run(LegacyContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            train(ctx);
        }
    }

    private void train(LegacyContext ctx) {
        int images = ctx.params().getInt("images");
        double lr = ctx.params().getDouble("lr");
        double noise = ctx.params().getDouble("noise");
        int seed = ctx.params().getInt("seed");
        NDManager m = ctx.manager();
        ImageArrays train = ImageArrays.generate(m, 4096, SIZE, CLASSES, noise, seed);
        ImageArrays test = ImageArrays.generate(m, 512, SIZE, CLASSES, noise, seed + 104_729);
        ctx.liveChart("loss", "Training loss against images seen", "images seen", "cross-entropy (running mean)", false);

        double[][] accEval = new double[NORMS.length][BATCHES.length];
        double[][] accTrainMode = new double[NORMS.length][BATCHES.length];
        int totalSteps = 0;
        for (int b : BATCHES) {
            totalSteps += NORMS.length * (images / b);
        }
        int done = 0;
        for (int bi = 0; bi < BATCHES.length; bi++) {
            int batch = BATCHES[bi];
            int steps = images / batch;
            for (int ni = 0; ni < NORMS.length; ni++) {
                String series = NORMS[ni] + ", batch " + batch;
                Classifier.seed(seed);
                try (Classifier c = new Classifier(series, network(NORMS[ni]), ctx.device(), new Shape(batch, 1, SIZE, SIZE),
                        CLASSES, Classifier.adam(lr), null)) {
                    Random rnd = new Random(seed + 31L * batch);
                    double running = Math.log(CLASSES);
                    int every = Math.max(1, steps / 40);
                    for (int step = 0; step < steps; step++) {
                        try (NDManager s = m.newSubManager()) {
                            NDArray[] xb = train.sample(s, batch, rnd);
                            double loss = ctx.checkFinite(series + " loss", c.step(xb[0], xb[1]));
                            running = 0.95 * running + 0.05 * loss;
                        }
                        if (step % every == every - 1) {
                            ctx.point("loss", series, (step + 1.0) * batch, running);
                            ctx.progress(done + step + 1, totalSteps, "training " + series);
                        }
                    }
                    done += steps;
                    accEval[ni][bi] = c.accuracy(m, test, 256, false);
                    accTrainMode[ni][bi] = c.accuracy(m, test, batch, true);
                }
            }
        }
        report(ctx, accEval, accTrainMode);
    }

    private void report(LegacyContext ctx, double[][] accEval, double[][] accTrainMode) {
        double[] xs = new double[BATCHES.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = BATCHES[i];
        }
        List<Series> series = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int ni = 0; ni < NORMS.length; ni++) {
            series.add(new Series(NORMS[ni], xs, accEval[ni]));
            for (int bi = 0; bi < BATCHES.length; bi++) {
                rows.add(List.of(NORMS[ni], Integer.toString(BATCHES[bi]), Claim.num(accEval[ni][bi]),
                        Claim.num(accTrainMode[ni][bi]), Claim.num(accTrainMode[ni][bi] - accEval[ni][bi])));
                ctx.metric(NORMS[ni] + " accuracy at batch " + BATCHES[bi], accEval[ni][bi], "");
            }
        }
        ctx.chart(Chart.line("accuracy", "Test accuracy (inference mode) against batch size", "batch size",
                "test accuracy", series).withLog(true, false));
        ctx.table(new Table("modes", "Test accuracy in inference mode and in training mode (test batches of the training size)",
                List.of("norm", "batch", "inference mode", "training mode", "training − inference"), rows));
        double bn2 = accEval[0][0];
        double bn8 = accEval[0][1];
        double gn2 = accEval[2][0];
        double gn8 = accEval[2][1];
        double bnGap2 = accTrainMode[0][0] - accEval[0][0];
        ctx.claim(Claim.atLeast("BatchNorm degrades at batch 2: accuracy at batch 8 − at batch 2", bn8 - bn2, 0.1));
        ctx.claim(Claim.atLeast("GroupNorm holds at batch 2: accuracy at batch 2 − at batch 8", gn2 - gn8, -0.05));
        ctx.claim(Claim.atLeast("At batch 2 GroupNorm beats BatchNorm: accuracy difference", gn2 - bn2, 0.05));
        ctx.claim(Claim.atLeast("BatchNorm at batch 2 depends on the mode: |training-mode − inference-mode accuracy|",
                Math.abs(bnGap2), 0.01));
        double gnGap = Math.abs(accTrainMode[2][0] - accEval[2][0]);
        ctx.claim(Claim.atMost("GroupNorm has no such gap: |training − inference| at batch 2", gnGap, 1e-9));
        ctx.note("Every run sees the same number of images, so batch 2 takes 32× more optimizer steps than batch 64. "
                + "Inference mode uses BatchNorm's running statistics; training mode normalises each test batch by its own statistics. "
                + "At batch 64 the run takes few steps, so the running statistics (momentum 0.9) may still lag: look at the gap there too.");
    }
}
