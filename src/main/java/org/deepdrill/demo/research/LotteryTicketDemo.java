package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q16: iterative magnitude pruning on an MLP. Three tracks train side by side as one batched
 * model: (0) rewind survivors to their initial values, (1) rewind to an early training step,
 * (2) same mask as track 0 but freshly drawn random weights. After each round the smallest
 * surviving weights of each layer are removed and the tracks restart.
 */
public final class LotteryTicketDemo implements Demo<LotteryTicketDemo.Setup, LotteryTicketDemo.Run> {
    public static final String ID = "lottery-ticket";
    static final String[] TRACKS = {"rewind to init", "rewind to early step", "random re-init (same mask)"};

    private static final DemoSpec SPEC = new DemoSpec(ID, "Lottery tickets: iterative magnitude pruning with rewinding",
            "Trains an MLP on synthetic 8×8 images, prunes the smallest weights, and retrains from the original "
                    + "initialisation, from an early step, or from a random re-initialisation with the same mask. "
                    + "Plots test accuracy against the fraction of weights left.",
            List.of("q16-lottery-tickets"),
            List.of(ParamSpec.ofInt("rounds", "Pruning rounds").range(1, 10).byDefault(7).quick(5)
                            .help("round 0 is the dense network"),
                    ParamSpec.ofDouble("pruneRate", "Fraction of surviving weights removed per round").range(0.1, 0.8)
                            .byDefault(0.5).quick(0.6).help("the output layer is pruned at half this rate"),
                    ParamSpec.ofInt("steps", "Training steps per round").range(50, 1000).byDefault(300).quick(200)
                            .help("Adam, batch 128"),
                    ParamSpec.ofInt("hidden", "Hidden width (two layers)").range(16, 256).byDefault(128),
                    ParamSpec.ofInt("rewindStep", "Early step for track 1").range(1, 500).byDefault(20).quick(10)
                            .help("must be below 'steps'"),
                    ParamSpec.ofDouble("noise", "Pixel noise").range(0, 2).byDefault(0.9)
                            .help("harder data makes sparsity matter"),
                    ParamSpec.seed(3)));

    private static final int SIZE = 8;
    private static final int CLASSES = 8;
    private static final int TRAIN = 2000;
    private static final int TEST = 2000;
    private static final int BATCH = 128;
    private static final double LR = 1.2e-3;

    /** Checked parameters. {@code rewind} false re-draws the survivors of tracks 0 and 1 at random: the break. */
    public record Setup(int rounds, double pruneRate, int steps, int hidden, int rewindStep, double noise, long seed,
                        boolean rewind) {
    }

    /** Per round: the fraction of weights left and the test accuracy of each track. */
    public record Run(double pruneRate, int rewindStep, double[] remaining, double[] accInit, double[] accEarly,
                      double[] accRandom) {
        /** The sparsest round that still keeps at least 20% of the weights. */
        int midRound() {
            int mid = 0;
            while (mid + 1 < remaining.length && remaining[mid + 1] >= 0.2) {
                mid++;
            }
            return mid;
        }

        /** Mean of a − b over the sparse rounds (at most 10% left, or the last round). */
        double sparseGap(double[] a, double[] b) {
            double gap = 0;
            int count = 0;
            int last = remaining.length - 1;
            for (int r = 1; r <= last; r++) {
                if (remaining[r] <= 0.1 || r == last) {
                    gap += a[r] - b[r];
                    count++;
                }
            }
            return count == 0 ? 0 : gap / count;
        }
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int steps = p.getInt("steps");
        int rewind = p.getInt("rewindStep");
        if (rewind >= steps) {
            throw new ParamException("Parameter 'rewindStep' (" + rewind + ") must be below 'steps' (" + steps
                    + "), in 1.." + (steps - 1));
        }
        return new Setup(p.getInt("rounds"), p.getDouble("pruneRate"), steps, p.getInt("hidden"), rewind,
                p.getDouble("noise"), p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-rewind", "After each pruning the survivors of both rewound tracks are "
                                + "re-drawn at random (the control's draw) instead of rewound",
                        s -> new Setup(s.rounds(), s.pruneRate(), s.steps(), s.hidden(), s.rewindStep(), s.noise(),
                                s.seed(), false))
                .flips("rewind-beats-reinit", "without rewinding, the ticket's starting values are no better than the "
                        + "control's random draw")
                .flips("early-rewind-beats-reinit", "the same holds for the early-step track")
                .explainedIn("The controls that make the claim")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double dense = r.accInit()[0];
        int mid = r.midRound();
        return List.of(
                Claim.atLeast("dense-learns", "The dense network learns the task (chance is 1/8): test accuracy", dense, 0.6),
                Claim.atLeast("ticket-matches-dense", "A rewound ticket with at least 20% of the weights keeps the dense "
                        + "accuracy: ticket − dense (points)", 100 * (r.accInit()[mid] - dense), -2),
                Claim.atLeast("rewind-beats-reinit", "In the sparse regime (≤ 10% left) rewinding to init beats random "
                        + "re-init: mean gap (points)", 100 * r.sparseGap(r.accInit(), r.accRandom()), 2),
                Claim.atLeast("early-rewind-beats-reinit", "Rewinding to an early step also beats random re-init there: "
                        + "mean gap (points)", 100 * r.sparseGap(r.accEarly(), r.accRandom()), 2));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int rounds = s.rounds();
        int steps = s.steps();
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        NDManager m = ctx.manager();
        int in = SIZE * SIZE;
        int seed = (int) s.seed();
        SyntheticImages.Batch train = SyntheticImages.generate(TRAIN, SIZE, CLASSES, s.noise(), seed);
        SyntheticImages.Batch test = SyntheticImages.generate(TEST, SIZE, CLASSES, s.noise(), seed + 1);
        NDArray xTrain = m.create(train.images(), new Shape(TRAIN, in)); // (N,64)
        NDArray yTrain = m.create(train.labels()).oneHot(CLASSES); // (N,C)
        NDArray xTest = m.create(test.images(), new Shape(TEST, in)); // (M,64)
        int[] testLabels = test.labels();

        Tracks net = new Tracks(m, new int[] {in, s.hidden(), s.hidden(), CLASSES}, rnd);
        float[][] init = net.snapshot(); // θ0, shared by the three tracks in round 0
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
                if (r == 0 && step == s.rewindStep()) {
                    early = net.snapshot();
                }
                trainStep(ctx, net, xTrain, yTrain, maskArrays, rnd, r * steps + step, step % 25 == 0);
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
            masks = net.prune(trained, masks, s.pruneRate());
            float[][] next = new float[trained.length][];
            for (int l = 0; l < trained.length; l++) {
                next[l] = trained[l].clone();
                net.randomTrack(next, l, 2, rnd);
                if (s.rewind()) {
                    net.copyTrack(init, next, l, 0);
                    net.copyTrack(early, next, l, 1);
                } else {
                    net.copyTrackTo(next, l, 2, 0);
                    net.copyTrackTo(next, l, 2, 1);
                }
            }
            net.load(next, masks);
            net.adam.resetMoments();
        }
        return new Run(s.pruneRate(), s.rewindStep(), remaining, acc[0], acc[1], acc[2]);
    }

    @Override
    public Presentation present(Run r) {
        int rounds = r.remaining().length - 1;
        double[] pct = new double[rounds + 1];
        for (int i = 0; i <= rounds; i++) {
            pct[i] = 100 * r.remaining()[i];
        }
        double[][] acc = {r.accInit(), r.accEarly(), r.accRandom()};
        List<Series> s = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            s.add(new Series(TRACKS[t], pct, acc[t]));
        }
        for (int i = 0; i <= rounds; i++) {
            rows.add(List.of(Integer.toString(i), Claim.num(pct[i]), Claim.num(acc[0][i]), Claim.num(acc[1][i]),
                    Claim.num(acc[2][i])));
        }
        return Presentation.builder()
                .chart(new Chart("accuracy", "Test accuracy against % of weights remaining", "% of weights remaining (log)",
                        "test accuracy", Chart.Kind.LINE, true, false, s))
                .table(new Table("rounds", "Accuracy per pruning round", List.of("round", "% remaining", TRACKS[0],
                        TRACKS[1], TRACKS[2]), rows))
                .metric("dense accuracy", acc[0][0], "")
                .metric("weights remaining at the last round", pct[rounds], "%")
                .metric("ticket round for the dense comparison: % remaining", pct[r.midRound()], "%")
                .metric("rewind-to-init accuracy at the last round", acc[0][rounds], "")
                .metric("random re-init accuracy at the last round", acc[2][rounds], "")
                .note("Pruning removes " + Claim.num(100 * r.pruneRate()) + "% of the surviving weights of each hidden "
                        + "layer per round (half that in the output layer), by magnitude, layer by layer. Each round "
                        + "retrains for the same number of steps with fresh Adam moments; track 1 rewinds to step "
                        + r.rewindStep() + " of the dense run.")
                .build();
    }

    private static void trainStep(DemoContext ctx, Tracks net, NDArray xTrain, NDArray yTrain, List<NDArray> masks,
                                  Random rnd, int globalStep, boolean report) {
        try (NDManager s = xTrain.getManager().newSubManager()) {
            NDArray idx = s.create(batchIndices(rnd, TRAIN)); // (B)
            NDArray x = xTrain.get(idx); // (B,64)
            NDArray y = yTrain.get(idx); // (B,C)
            x.attach(s);
            y.attach(s);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logp = net.forward(x).logSoftmax(-1); // (3,B,C)
                NDArray perTrack = logp.mul(y).sum(new int[] {2}).mean(new int[] {1}).neg(); // (3)
                gc.backward(perTrack.sum());
                if (report) {
                    float[] l = perTrack.toFloatArray();
                    for (int t = 0; t < 3; t++) {
                        ctx.point("loss", TRACKS[t], globalStep, ctx.checkFinite("loss", l[t]));
                    }
                }
            }
            net.adam.step(LR, masks);
        }
    }

    private static int[] batchIndices(Random rnd, int n) {
        int[] idx = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            idx[i] = rnd.nextInt(n);
        }
        return idx;
    }
}
