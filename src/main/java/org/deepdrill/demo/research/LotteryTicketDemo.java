package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q16: iterative magnitude pruning on an MLP. Three tracks train side by side as one batched
 * model: (0) rewind survivors to their initial values, (1) rewind to an early training step,
 * (2) same mask as track 0 but freshly drawn random weights. After each round the smallest
 * surviving weights of each layer are removed and the tracks restart.
 */
public final class LotteryTicketDemo extends LegacyDemo {
    public static final String ID = "lottery-ticket";
    static final String[] TRACKS = {"rewind to init", "rewind to early step", "random re-init (same mask)"};

    private static final DemoSpec SPEC = new DemoSpec(ID, "Lottery tickets: iterative magnitude pruning with rewinding",
            "Trains an MLP on synthetic 8×8 images, prunes the smallest weights, and retrains from the original "
                    + "initialisation, from an early step, or from a random re-initialisation with the same mask. "
                    + "Plots test accuracy against the fraction of weights left.",
            List.of("q16-lottery-tickets"),
            List.of(ParamSpec.ofInt("rounds", "Pruning rounds", 1, 12, 7, 5, "round 0 is the dense network"),
                    ParamSpec.ofDouble("pruneRate", "Fraction of surviving weights removed per round", 0.1, 0.8, 0.5, 0.6,
                            "the output layer is pruned at half this rate"),
                    ParamSpec.ofInt("steps", "Training steps per round", 50, 3000, 300, 200, "Adam, batch 128"),
                    ParamSpec.ofInt("hidden", "Hidden width (two layers)", 16, 512, 128, 128, ""),
                    ParamSpec.ofInt("rewindStep", "Early step for track 1", 1, 500, 20, 10, "must be below 'steps'"),
                    ParamSpec.ofDouble("noise", "Pixel noise", 0, 2, 0.9, 0.9, "harder data makes sparsity matter"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 3, 3, "")));

    private static final int SIZE = 8;
    private static final int CLASSES = 8;
    private static final int TRAIN = 2000;
    private static final int TEST = 2000;
    private static final int BATCH = 128;
    private static final double LR = 1.2e-3;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int rounds = ctx.params().getInt("rounds");
        double rate = ctx.params().getDouble("pruneRate");
        int steps = ctx.params().getInt("steps");
        int hidden = ctx.params().getInt("hidden");
        int rewind = ctx.params().getInt("rewindStep");
        double noise = ctx.params().getDouble("noise");
        int seed = ctx.params().getInt("seed");
        if (rewind >= steps) {
            throw new org.deepdrill.demo.ParamException("Parameter 'rewindStep' (" + rewind + ") must be below 'steps' ("
                    + steps + "), in 1.." + (steps - 1));
        }
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed);
        NDManager m = ctx.manager();
        int in = SIZE * SIZE;

        SyntheticImages.Batch train = SyntheticImages.generate(TRAIN, SIZE, CLASSES, noise, seed);
        SyntheticImages.Batch test = SyntheticImages.generate(TEST, SIZE, CLASSES, noise, seed + 1);
        NDArray xTrain = m.create(train.images(), new Shape(TRAIN, in)); // (N,64)
        NDArray yTrain = m.create(train.labels()).oneHot(CLASSES); // (N,C)
        NDArray xTest = m.create(test.images(), new Shape(TEST, in)); // (M,64)
        int[] testLabels = test.labels();

        Tracks net = new Tracks(m, new int[] {in, hidden, hidden, CLASSES}, rnd);
        float[][] init = net.snapshot(); // θ0, identical for the three tracks' first round except track 2
        float[][] early = null;
        float[][] masks = net.fullMasks();
        double[] remaining = new double[rounds + 1];
        double[][] acc = new double[3][rounds + 1];
        ctx.liveChart("loss", "Training loss, round after round (live)", "step (all rounds)", "cross-entropy", true);
        ctx.liveChart("live", "Test accuracy against weights remaining (live)", "% of weights remaining", "test accuracy", false);
        for (int r = 0; r <= rounds; r++) {
            remaining[r] = net.remainingFraction(masks);
            List<NDArray> maskArrays = net.maskArrays(m, masks);
            for (int step = 0; step < steps; step++) {
                if (r == 0 && step == rewind) {
                    early = net.snapshot();
                }
                try (NDManager s = m.newSubManager()) {
                    NDArray idx = s.create(batchIndices(rnd, TRAIN)); // (B)
                    NDArray x = xTrain.get(idx); // (B,64)
                    NDArray y = yTrain.get(idx); // (B,C)
                    x.attach(s);
                    y.attach(s);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = net.forward(x).logSoftmax(-1); // (3,B,C)
                        NDArray perTrack = logp.mul(y).sum(new int[] {2}).mean(new int[] {1}).neg(); // (3)
                        gc.backward(perTrack.sum());
                        if (step % 25 == 0) {
                            float[] l = perTrack.toFloatArray();
                            for (int t = 0; t < 3; t++) {
                                ctx.point("loss", TRACKS[t], r * steps + step, ctx.checkFinite("loss", l[t]));
                            }
                        }
                    }
                    net.adam.step(LR, maskArrays);
                }
                if (step % 50 == 0) {
                    ctx.progress(r * steps + step, (rounds + 1) * steps, "round " + r + ", step " + step);
                }
            }
            double[] a = net.accuracy(m, xTest, testLabels);
            for (int t = 0; t < 3; t++) {
                acc[t][r] = a[t];
                ctx.point("live", TRACKS[t], 100 * remaining[r], a[t]);
            }
            if (r == rounds) {
                break;
            }
            // Prune each track by its own trained magnitudes; track 2 copies track 0's mask.
            float[][] trained = net.snapshot();
            masks = net.prune(trained, masks, rate);
            float[][] next = new float[trained.length][];
            for (int l = 0; l < trained.length; l++) {
                next[l] = trained[l].clone();
                net.copyTrack(init, next, l, 0);
                net.copyTrack(early, next, l, 1);
                net.randomTrack(next, l, 2, rnd);
            }
            net.load(next, masks);
            net.adam.resetMoments();
        }
        report(ctx, remaining, acc, rate, rewind);
    }

    private static int[] batchIndices(Random rnd, int n) {
        int[] idx = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            idx[i] = rnd.nextInt(n);
        }
        return idx;
    }

    private void report(LegacyContext ctx, double[] remaining, double[][] acc, double rate, int rewind) {
        int rounds = remaining.length - 1;
        double[] pct = new double[rounds + 1];
        for (int r = 0; r <= rounds; r++) {
            pct[r] = 100 * remaining[r];
        }
        List<Series> s = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            s.add(new Series(TRACKS[t], pct, acc[t]));
        }
        ctx.chart(new Chart("accuracy", "Test accuracy against % of weights remaining", "% of weights remaining (log)",
                "test accuracy", Chart.Kind.LINE, true, false, s));
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            rows.add(List.of(Integer.toString(r), Claim.num(pct[r]), Claim.num(acc[0][r]), Claim.num(acc[1][r]),
                    Claim.num(acc[2][r])));
        }
        ctx.table(new Table("rounds", "Accuracy per pruning round", List.of("round", "% remaining", TRACKS[0], TRACKS[1],
                TRACKS[2]), rows));

        double dense = acc[0][0];
        // Sparse regime: rounds with at most 10% of the weights left (or the last round).
        double gap = 0;
        double earlyGap = 0;
        int count = 0;
        for (int r = 1; r <= rounds; r++) {
            if (remaining[r] <= 0.1 || r == rounds) {
                gap += acc[0][r] - acc[2][r];
                earlyGap += acc[1][r] - acc[2][r];
                count++;
            }
        }
        gap /= count;
        earlyGap /= count;
        int mid = 0; // the sparsest round that still keeps at least 20% of the weights
        while (mid < rounds && remaining[mid + 1] >= 0.2) {
            mid++;
        }
        ctx.metric("dense accuracy", dense, "");
        ctx.metric("weights remaining at the last round", pct[rounds], "%");
        ctx.metric("rewind-to-init accuracy at the last round", acc[0][rounds], "");
        ctx.metric("random re-init accuracy at the last round", acc[2][rounds], "");

        ctx.claim(Claim.atLeast("The dense network learns the task: test accuracy", dense, 0.6));
        ctx.claim(Claim.atLeast("A rewound ticket with " + Claim.num(pct[mid]) + "% of the weights keeps the dense accuracy: "
                + "ticket − dense (points)", 100 * (acc[0][mid] - dense), -2));
        ctx.claim(Claim.atLeast("In the sparse regime (≤ 10% left) rewinding to init beats random re-init: mean gap (points)",
                100 * gap, 2));
        ctx.claim(Claim.atLeast("Rewinding to step " + rewind + " also beats random re-init there: mean gap (points)",
                100 * earlyGap, 2));
        ctx.note("Pruning removes " + Claim.num(100 * rate) + "% of the surviving weights of each hidden layer per round "
                + "(half that in the output layer), by magnitude, layer by layer. Each round retrains for the same number "
                + "of steps with fresh Adam moments.");
    }
}
