package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.attention.PositionTaskModel.Encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q7: sinusoidal, learned, rotary (RoPE) and ALiBi positions. Draws each encoding and its
 * similarity against offset, then trains the same one-layer causal transformer with each on a
 * task that needs position (output the token k places back) at length L and tests it at L, 2L, 4L.
 */
public final class PositionalEncodingsDemo extends LegacyDemo {
    public static final String ID = "positional-encodings";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Positional encodings: sinusoidal, learned, RoPE, ALiBi",
            "Shows the four encodings as heatmaps and their similarity against the offset Δ, then trains a tiny causal "
                    + "transformer with each on 'output the token k places back' at length L and tests it at L, 2L and 4L.",
            List.of("q07-positional-encodings"),
            List.of(ParamSpec.ofInt("trainLen", "Training length L", 8, 64, 16, 12, "tests run at L, 2L and 4L"),
                    ParamSpec.ofInt("offset", "Task: copy the token k places back", 1, 3, 1, 1,
                            "one attention layer with ALiBi can only express k = 1 (see the notes)"),
                    ParamSpec.ofInt("steps", "Training steps per model", 20, 3000, 300, 150, "Adam steps"),
                    ParamSpec.ofInt("vocab", "Vocabulary size V", 4, 64, 16, 16, "chance accuracy is 1/V"),
                    ParamSpec.ofInt("embed", "Embedding size E", 16, 128, 64, 64, "must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H", 1, 16, 8, 8, "ALiBi slopes are 2^(−8h/H), h = 1..H"),
                    ParamSpec.ofDouble("lr", "Learning rate", 1e-4, 0.1, 0.01, 0.01, "Adam"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 1, 1, "")));

    private static final int BATCH = 32;
    private static final int EVAL_BATCH = 128;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int len = ctx.params().getInt("trainLen");
        int offset = ctx.params().getInt("offset");
        int steps = ctx.params().getInt("steps");
        int vocab = ctx.params().getInt("vocab");
        int embed = ctx.params().getInt("embed");
        int heads = ctx.params().getInt("heads");
        float lr = (float) ctx.params().getDouble("lr");
        int seed = ctx.params().getInt("seed");
        if (embed % heads != 0 || (embed / heads) % 2 != 0) {
            throw new ParamException("Parameter 'embed' (" + embed + ") must be divisible by 'heads' (" + heads
                    + ") with an even head size, for RoPE");
        }
        if (offset >= len) {
            throw new ParamException("Parameter 'offset' (" + offset + ") must be smaller than 'trainLen' (" + len + ")");
        }
        ctx.liveChart("loss", "Training loss (live)", "step", "cross-entropy", true);
        List<Series> similarity = EncodingPictures.draw(ctx, len, embed, heads);

        PositionTask task = new PositionTask(vocab, offset);
        int[] lengths = {len, 2 * len, 4 * len};
        List<Outcome> outcomes = new ArrayList<>();
        Encoding[] all = Encoding.values();
        try (OneThread one = OneThread.on(ctx)) {
            for (int e = 0; e < all.length; e++) {
                outcomes.add(trainAndTest(ctx, task, all[e], e, all.length, lengths, steps, embed, heads, lr, seed, similarity));
            }
        }
        ctx.chart(Chart.line("similarity", "Similarity of position p and p+Δ against Δ (learned: after training, p < L)",
                "Δ", "similarity", similarity));
        report(ctx, outcomes, lengths, len, vocab, offset);
    }

    /** Accuracies per test length, overall and at positions ≥ L, and per position at 4L. */
    private record Outcome(Encoding encoding, double[] overall, double[] beyond, double[] byPosition, double finalLoss) {
    }

    private Outcome trainAndTest(LegacyContext ctx, PositionTask task, Encoding enc, int index, int count, int[] lengths,
                                 int steps, int embed, int heads, float lr, int seed, List<Series> similarity) {
        int len = lengths[0];
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed);
        PositionTaskModel net = new PositionTaskModel(task.vocab(), embed, heads, lengths[2], enc);
        try (TinyTrainer trainer = new TinyTrainer(net, ctx.manager(), new Shape(BATCH, len), lr)) {
            double loss = Double.NaN;
            String name = label(enc);
            for (int step = 1; step <= steps; step++) {
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray ids = task.batch(m, rnd, BATCH, len); // (B,L)
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = task.loss(trainer.forward(new NDList(ids), true).head(), ids);
                        gc.backward(l);
                        if (step % 10 == 0 || step == 1 || step == steps) {
                            loss = ctx.checkFinite("loss (" + name + ")", l.getFloat());
                            ctx.point("loss", name, step, loss);
                        }
                    }
                    trainer.update();
                }
                if (step % 25 == 0) {
                    ctx.progress(index * steps + step, count * steps, "training with " + name);
                }
            }
            if (enc == Encoding.LEARNED) {
                learnedTable(ctx, net.positionTable().getArray(), len, similarity);
            }
            double[] overall = new double[lengths.length];
            double[] beyond = new double[lengths.length];
            double[] byPos = null;
            Random test = new Random(seed + 1000);
            for (int i = 0; i < lengths.length; i++) {
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray ids = task.batch(m, test, EVAL_BATCH, lengths[i]); // (B,T)
                    NDList out = trainer.forward(new NDList(ids), false);
                    float[] acc = task.accuracyByPosition(out.head(), ids); // accuracy at t = k..T−1
                    overall[i] = mean(acc, 0, acc.length);
                    int firstBeyond = len - task.offset(); // index of position t = L
                    beyond[i] = lengths[i] > len ? mean(acc, firstBeyond, acc.length) : Double.NaN;
                    if (i == lengths.length - 1) {
                        byPos = toDouble(acc);
                        attentionMap(ctx, enc, out.get(1), lengths[i]);
                    }
                }
            }
            return new Outcome(enc, overall, beyond, byPos, loss);
        }
    }

    /** Heatmap of the trained table (4L rows) and its cosine similarity against Δ over p < L. */
    private static void learnedTable(LegacyContext ctx, NDArray table, int len, List<Series> similarity) {
        Shape s = table.getShape();
        int rows = (int) s.get(0);
        int e = (int) s.get(1);
        float[] v = table.toFloatArray(); // (4L,E)
        double[][] mat = new double[rows][e];
        for (int p = 0; p < rows; p++) {
            for (int c = 0; c < e; c++) {
                mat[p][c] = v[p * e + c];
            }
        }
        ctx.heatmap(Heatmap.of("learned", "Learned position table after training (rows ≥ " + len
                + " never received a gradient)", "position", "dimension", mat));
        int maxDelta = 3 * len;
        double[] delta = new double[maxDelta + 1];
        double[] sim = new double[maxDelta + 1];
        for (int k = 0; k <= maxDelta; k++) {
            delta[k] = k;
            for (int p = 0; p < len; p++) {
                sim[k] += cosine(mat[p], mat[p + k]) / len;
            }
        }
        similarity.add(1, new Series("learned: cosine similarity", delta, sim));
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

    /** Head-averaged attention of the first test sequence at the longest length. */
    private static void attentionMap(LegacyContext ctx, Encoding enc, NDArray weights, int t) {
        if (enc != Encoding.LEARNED && enc != Encoding.ROPE) {
            return;
        }
        float[] w = weights.get(0).mean(new int[] {0}).toFloatArray(); // (T,T)
        double[][] mat = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                mat[i][j] = w[i * t + j];
            }
        }
        ctx.heatmap(Heatmap.of("attention-" + enc.name().toLowerCase(), "Trained attention at length " + t + ", "
                + label(enc) + " (mean over heads)", "query position", "key position", mat));
    }

    private static void report(LegacyContext ctx, List<Outcome> outcomes, int[] lengths, int len, int vocab, int offset) {
        double[] x = {lengths[0], lengths[1], lengths[2]};
        List<Series> accSeries = new ArrayList<>();
        List<Series> posSeries = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            accSeries.add(new Series(label(o.encoding()), x, o.overall()));
            double[] pos = new double[o.byPosition().length];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = i + offset;
            }
            posSeries.add(new Series(label(o.encoding()), pos, o.byPosition()));
            rows.add(List.of(label(o.encoding()), Claim.num(o.finalLoss()), Claim.num(o.overall()[0]),
                    Claim.num(o.overall()[1]), Claim.num(o.overall()[2]), Claim.num(o.beyond()[2])));
            ctx.metric("accuracy at 4L, " + label(o.encoding()), o.overall()[2], "");
        }
        ctx.chart(Chart.line("accuracy", "Test accuracy against test length (trained at L = " + len + ")",
                "test length", "accuracy", accSeries));
        ctx.chart(Chart.line("by-position", "Accuracy at each position, test length 4L (training ended at position "
                + (len - 1) + ")", "position", "accuracy", posSeries));
        ctx.table(new Table("extrapolation", "Accuracy (chance = " + Claim.num(1.0 / vocab) + ")",
                List.of("encoding", "final train loss", "at L", "at 2L", "at 4L", "positions ≥ L at 4L"), rows));

        Outcome sin = outcomes.get(0);
        Outcome learned = outcomes.get(1);
        Outcome rope = outcomes.get(2);
        Outcome alibi = outcomes.get(3);
        double minAtL = Math.min(Math.min(sin.overall()[0], learned.overall()[0]), Math.min(rope.overall()[0], alibi.overall()[0]));
        ctx.claim(Claim.atLeast("Every encoding learns the task at the training length: lowest accuracy at L", minAtL, 0.9));
        ctx.claim(Claim.atMost("Learned positions cannot represent positions never trained: their accuracy at positions ≥ L",
                learned.beyond()[2], 3.0 / vocab));
        ctx.claim(Claim.atLeast("RoPE extrapolates better than learned positions: accuracy at 4L, RoPE − learned",
                rope.overall()[2] - learned.overall()[2], 0.2));
        ctx.claim(Claim.atLeast("ALiBi extrapolates better than learned positions: accuracy at 4L, ALiBi − learned",
                alibi.overall()[2] - learned.overall()[2], 0.2));
        ctx.note("Learned position rows beyond L are kept at their random initial values: training never reaches them, "
                + "so a learned table says nothing about positions it has not seen.");
        ctx.note("ALiBi puts no position into q or k; it only subtracts m·Δ from the scores. One layer with ALiBi can "
                + "therefore prefer the nearest keys (k = 1: attend to the previous token and avoid its own token by content) "
                + "but cannot single out the token exactly k > 1 places back; deeper models build that by composing layers.");
    }

    static String label(Encoding e) {
        return switch (e) {
            case SINUSOIDAL -> "sinusoidal";
            case LEARNED -> "learned";
            case ROPE -> "RoPE";
            case ALIBI -> "ALiBi";
        };
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
