package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.attention.EncodingPictures.Pictures;
import org.deepdrill.demo.attention.PositionTaskModel.Encoding;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q7: sinusoidal, learned, rotary (RoPE) and ALiBi positions. Draws each encoding and its
 * similarity against offset, then trains the same one-layer causal transformer with each on a
 * task that needs position (output the token k places back) at length L and tests it at L, 2L, 4L.
 */
public final class PositionalEncodingsDemo implements Demo<PositionalEncodingsDemo.Setup, PositionalEncodingsDemo.Run> {
    public static final String ID = "positional-encodings";
    private static final int BATCH = 32;
    private static final int EVAL_BATCH = 128;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Positional encodings: sinusoidal, learned, RoPE, ALiBi",
            "Shows the four encodings as heatmaps and their similarity against the offset Δ, then trains a tiny causal "
                    + "transformer with each on 'output the token k places back' at length L and tests it at L, 2L and 4L.",
            List.of("q07-positional-encodings"),
            List.of(ParamSpec.ofInt("trainLen", "Training length L").range(8, 64).byDefault(16).quick(12)
                            .help("tests run at L, 2L and 4L"),
                    ParamSpec.ofInt("offset", "Task: copy the token k places back").range(1, 3).byDefault(1)
                            .help("one attention layer with ALiBi can only express k = 1 (see the notes)"),
                    ParamSpec.ofInt("steps", "Training steps per model").range(20, 3000).byDefault(300).quick(150)
                            .help("Adam steps"),
                    ParamSpec.ofInt("vocab", "Vocabulary size V").range(4, 64).byDefault(16).help("chance accuracy is 1/V"),
                    ParamSpec.ofInt("embed", "Embedding size E").range(16, 128).byDefault(64)
                            .help("must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H").range(1, 16).byDefault(8).help("ALiBi slopes are 2^(−8h/H), h = 1..H"),
                    ParamSpec.ofDouble("lr", "Learning rate").range(1e-4, 0.1).byDefault(0.01).help("Adam"),
                    ParamSpec.seed(1)));

    /** Checked parameters. {@code positions = false}: no scheme gives the model any position. */
    public record Setup(int trainLen, int offset, int steps, int vocab, int embed, int heads, double lr, long seed,
                        boolean positions) {
    }

    /**
     * One trained model: accuracy at L, 2L, 4L (overall, and at positions ≥ L, NaN at L itself),
     * accuracy at each position of the 4L test, and its last training loss.
     */
    public record Outcome(double[] overall, double[] beyond, double[] byPosition, double finalLoss) {
    }

    /**
     * The four models, the encodings drawn before training, the trained learned table (4L,E) with
     * its cosine similarity against Δ (empty without positions), and trained attention maps at 4L.
     */
    public record Run(int trainLen, int offset, int vocab, Outcome sinusoidal, Outcome learned, Outcome rope,
                      Outcome alibi, Pictures pictures, double[][] learnedTable, double[] learnedSim,
                      double[][] learnedAttention, double[][] ropeAttention) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int len = p.getInt("trainLen");
        int offset = p.getInt("offset");
        int embed = p.getInt("embed");
        int heads = p.getInt("heads");
        if (embed % heads != 0 || (embed / heads) % 2 != 0) {
            throw new ParamException("Parameter 'embed' (" + embed + ") must be divisible by 'heads' (" + heads
                    + ") with an even head size, for RoPE");
        }
        if (offset >= len) {
            throw new ParamException("Parameter 'offset' (" + offset + ") must be smaller than 'trainLen' (" + len + ")");
        }
        return new Setup(len, offset, p.getInt("steps"), p.getInt("vocab"), embed, heads, p.getDouble("lr"),
                p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-positions",
                        "No scheme gives the model position: no table is added, RoPE does not rotate, ALiBi adds no bias",
                        s -> new Setup(s.trainLen(), s.offset(), s.steps(), s.vocab(), s.embed(), s.heads(), s.lr(),
                                s.seed(), false))
                .flips("learns-at-train-length", "attention over a bag of tokens cannot tell which one is k places back")
                .flips("rope-beats-learned", "without its rotation RoPE is the same position-blind model")
                .flips("alibi-beats-learned", "without its distance bias ALiBi is the same position-blind model")
                .explainedIn("Why position has to be injected")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double minAtL = Math.min(Math.min(r.sinusoidal().overall()[0], r.learned().overall()[0]),
                Math.min(r.rope().overall()[0], r.alibi().overall()[0]));
        double rope = r.rope().overall()[2] - r.learned().overall()[2];
        double alibi = r.alibi().overall()[2] - r.learned().overall()[2];
        return List.of(
                Claim.atLeast("learns-at-train-length", "Every encoding learns the task at the training length: "
                        + "lowest accuracy at L", minAtL, 0.9),
                Claim.atLeast("rope-beats-learned", "RoPE extrapolates better than learned positions: "
                        + "accuracy at 4L, RoPE − learned", rope, 0.2),
                Claim.atLeast("alibi-beats-learned", "ALiBi extrapolates better than learned positions: "
                        + "accuracy at 4L, ALiBi − learned", alibi, 0.2));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        ctx.liveChart("loss", "Training loss (live)", "step", "cross-entropy", true);
        Pictures pictures = EncodingPictures.compute(ctx.manager(), s.trainLen(), s.embed(), s.heads());
        PositionTask task = new PositionTask(s.vocab(), s.offset());
        int[] lengths = {s.trainLen(), 2 * s.trainLen(), 4 * s.trainLen()};
        Encoding[] all = {Encoding.SINUSOIDAL, Encoding.LEARNED, Encoding.ROPE, Encoding.ALIBI};
        Trained[] trained = new Trained[all.length];
        try (OneThread one = OneThread.on(ctx)) {
            for (int e = 0; e < all.length; e++) {
                trained[e] = trainAndTest(ctx, s, task, all[e], e, all.length, lengths);
            }
        }
        Trained learned = trained[1];
        return new Run(s.trainLen(), s.offset(), s.vocab(), trained[0].outcome(), learned.outcome(), trained[2].outcome(),
                trained[3].outcome(), pictures, learned.table(), similarity(learned.table(), s.trainLen()),
                learned.attention(), trained[2].attention());
    }

    @Override
    public Presentation present(Run r) {
        int len = r.trainLen();
        double[] x = {len, 2 * len, 4 * len};
        String[] names = {"sinusoidal", "learned", "RoPE", "ALiBi"};
        Outcome[] outs = {r.sinusoidal(), r.learned(), r.rope(), r.alibi()};
        List<Series> acc = new ArrayList<>();
        List<Series> byPos = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Presentation.Builder p = Presentation.builder();
        for (int i = 0; i < outs.length; i++) {
            Outcome o = outs[i];
            acc.add(new Series(names[i], x, o.overall()));
            double[] pos = new double[o.byPosition().length];
            for (int j = 0; j < pos.length; j++) {
                pos[j] = j + r.offset();
            }
            byPos.add(new Series(names[i], pos, o.byPosition()));
            rows.add(List.of(names[i], Claim.num(o.finalLoss()), Claim.num(o.overall()[0]), Claim.num(o.overall()[1]),
                    Claim.num(o.overall()[2]), Claim.num(o.beyond()[2])));
            p.metric("accuracy at 4L, " + names[i], o.overall()[2], "");
        }
        Pictures pic = r.pictures();
        List<Series> sim = new ArrayList<>();
        sim.add(new Series("sinusoidal: cosine similarity", pic.delta(), pic.sinSim()));
        if (r.learnedSim().length > 0) {
            double[] d = new double[r.learnedSim().length];
            for (int k = 0; k < d.length; k++) {
                d[k] = k;
            }
            sim.add(new Series("learned: cosine similarity", d, r.learnedSim()));
        }
        sim.add(new Series("RoPE: ⟨R_p q, R_{p+Δ} q⟩/|q|², mean over random q", pic.delta(), pic.ropeSim()));
        sim.add(new Series("ALiBi: weight factor exp(−mΔ), steepest head", pic.delta(), pic.alibiSteep()));
        sim.add(new Series("ALiBi: weight factor exp(−mΔ), flattest head", pic.delta(), pic.alibiFlat()));
        p.heatmap(Heatmap.of("sinusoidal", "Sinusoidal encoding (positions × dimensions)", "position", "dimension",
                        pic.sinusoidal()))
                .heatmap(Heatmap.of("rope", "RoPE: cos(p·θ_i), the rotation applied to channel pair i at position p",
                        "position", "channel pair", pic.ropeCos()))
                .heatmap(Heatmap.of("alibi", "ALiBi bias of the steepest head (m = " + Claim.num(pic.alibiSlope())
                        + "); future keys are masked (blank)", "query position", "key position", pic.alibi()));
        if (r.learnedTable().length > 0) {
            p.heatmap(Heatmap.of("learned", "Learned position table after training (rows ≥ " + len
                    + " never received a gradient)", "position", "dimension", r.learnedTable()));
        }
        p.heatmap(Heatmap.of("attention-learned", "Trained attention at length " + 4 * len + ", learned (mean over heads)",
                        "query position", "key position", r.learnedAttention()))
                .heatmap(Heatmap.of("attention-rope", "Trained attention at length " + 4 * len + ", RoPE (mean over heads)",
                        "query position", "key position", r.ropeAttention()));
        return p.chart(Chart.line("similarity", "Similarity of position p and p+Δ against Δ (learned: after training, p < L)",
                        "Δ", "similarity", sim))
                .chart(Chart.line("accuracy", "Test accuracy against test length (trained at L = " + len + ")",
                        "test length", "accuracy", acc))
                .chart(Chart.line("by-position", "Accuracy at each position, test length 4L (training ended at position "
                        + (len - 1) + ")", "position", "accuracy", byPos))
                .table(new Table("extrapolation", "Accuracy (chance = " + Claim.num(1.0 / r.vocab()) + ")",
                        List.of("encoding", "final train loss", "at L", "at 2L", "at 4L", "positions ≥ L at 4L"), rows))
                .metric("learned: accuracy at positions ≥ L, test length 4L (chance " + Claim.num(1.0 / r.vocab()) + ")",
                        r.learned().beyond()[2], "")
                .metric("sinusoidal: largest spread of PE(p)·PE(p+Δ) over p", pic.sinSpread(), "")
                .metric("RoPE: largest spread of ⟨R_p q, R_{p+Δ} k⟩ over p (float32)", pic.ropeSpread(), "")
                .note("PE(p)·PE(p+Δ) = Σ cos(ω_iΔ) and ⟨R_p q, R_{p+Δ} k⟩ = qᵀR_Δk are identities: the two spreads "
                        + "above only show rounding.")
                .note("Learned position rows beyond L are kept at their random initial values: training never reaches "
                        + "them, so a learned table says nothing about positions it has not seen.")
                .note("ALiBi puts no position into q or k; it only subtracts m·Δ from the scores. One layer with ALiBi can "
                        + "therefore prefer the nearest keys (k = 1: attend to the previous token and avoid its own token by "
                        + "content) but cannot single out the token exactly k > 1 places back; deeper models build that by "
                        + "composing layers.")
                .build();
    }

    /** One trained model's outcome, its position table (learned only) and its attention map at 4L. */
    private record Trained(Outcome outcome, double[][] table, double[][] attention) {
    }

    private Trained trainAndTest(DemoContext ctx, Setup s, PositionTask task, Encoding scheme, int index, int count,
                                 int[] lengths) {
        int len = lengths[0];
        Encoding enc = s.positions() ? scheme : Encoding.NONE;
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        PositionTaskModel net = new PositionTaskModel(task.vocab(), s.embed(), s.heads(), lengths[2], enc);
        String name = label(scheme);
        try (TinyTrainer trainer = new TinyTrainer(net, ctx.manager(), new Shape(BATCH, len), (float) s.lr())) {
            double loss = Double.NaN;
            for (int step = 1; step <= s.steps(); step++) {
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray ids = task.batch(m, rnd, BATCH, len); // (B,L)
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = task.loss(trainer.forward(new NDList(ids), true).head(), ids);
                        gc.backward(l);
                        if (step % 10 == 0 || step == 1 || step == s.steps()) {
                            loss = ctx.checkFinite("loss (" + name + ")", l.getFloat());
                            ctx.point("loss", name, step, loss);
                        }
                    }
                    trainer.update();
                }
                if (step % 25 == 0) {
                    ctx.progress(index * s.steps() + step, count * s.steps(), "training with " + name);
                }
            }
            double[][] table = net.positionTable() == null ? new double[0][0] : matrix(net.positionTable().getArray());
            double[] overall = new double[lengths.length];
            double[] beyond = new double[lengths.length];
            double[] byPos = null;
            double[][] attention = null;
            Random test = new Random(s.seed() + 1000);
            for (int i = 0; i < lengths.length; i++) {
                try (NDManager m = ctx.manager().newSubManager()) {
                    // fewer sequences at long lengths, so the (B,H,T,T) weights stay under 2^24 floats
                    int batch = (int) Math.max(8, Math.min(EVAL_BATCH, (1L << 24) / ((long) s.heads() * lengths[i] * lengths[i])));
                    NDArray ids = task.batch(m, test, batch, lengths[i]); // (B,T)
                    NDList out = trainer.forward(new NDList(ids), false);
                    float[] acc = task.accuracyByPosition(out.head(), ids); // accuracy at t = k..T−1
                    overall[i] = mean(acc, 0, acc.length);
                    int firstBeyond = len - task.offset(); // index of position t = L
                    beyond[i] = lengths[i] > len ? mean(acc, firstBeyond, acc.length) : Double.NaN;
                    if (i == lengths.length - 1) {
                        byPos = toDouble(acc);
                        attention = matrix(out.get(1).get(0).mean(new int[] {0})); // (T,T), mean over heads
                    }
                }
            }
            return new Trained(new Outcome(overall, beyond, byPos, loss), table, attention);
        }
    }

    /** Mean cosine similarity of rows p and p+Δ of the table over p < L, for Δ = 0..3L. */
    private static double[] similarity(double[][] table, int len) {
        if (table.length == 0) {
            return new double[0];
        }
        double[] sim = new double[3 * len + 1];
        for (int k = 0; k < sim.length; k++) {
            for (int p = 0; p < len; p++) {
                sim[k] += cosine(table[p], table[p + k]) / len;
            }
        }
        return sim;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    static String label(Encoding e) {
        return switch (e) {
            case SINUSOIDAL -> "sinusoidal";
            case LEARNED -> "learned";
            case ROPE -> "RoPE";
            case ALIBI -> "ALiBi";
            case NONE -> "none";
        };
    }

    private static double[][] matrix(NDArray a) {
        int r = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] v = a.toFloatArray();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = v[i * c + j];
            }
        }
        return out;
    }

    private static double mean(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
