package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.PreLnEncoderBlock;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Q26: a diagonal state-space layer against self-attention on a long-range recall task (the label is
 * the first token; everything after it is blank). Trains both, plus an SSM whose timescales are all
 * short, checks that the recurrent and convolutional views agree, and times both against length.
 */
public final class SsmDemo extends LegacyDemo {
    public static final String ID = "state-space-models";
    private static final int KEYS = 4;
    private static final int VOCAB = KEYS;
    private static final int CHANNELS = 16;
    private static final int STATES = 16;
    private static final int EMBED = 32;

    private static final DemoSpec SPEC = new DemoSpec(ID, "State-space model vs attention on long-range recall",
            "A diagonal SSM (S4D-Real: Ā = exp(ΔA)) and a self-attention block learn to recall the first token of a "
                    + "long sequence of blanks. Accuracy, recurrent = convolutional outputs, and time against length.",
            List.of("q26-state-space-models"),
            List.of(ParamSpec.ofInt("length", "Training sequence length L", 16, 1024, 128, 64, ""),
                    ParamSpec.ofInt("steps", "Training steps per model", 20, 5000, 150, 120, ""),
                    ParamSpec.ofInt("maxTimingLength", "Longest length timed", 512, 8192, 2048, 2048,
                            "powers of two from 128 (256 in quick mode) up to this"),
                    ParamSpec.ofDouble("lr", "Learning rate of the SSMs (Adam)", 1e-5, 1e-1, 3e-3, 3e-3, ""),
                    ParamSpec.ofDouble("attentionLr", "Learning rate of the attention model", 1e-5, 1e-1, 1e-3, 1e-3,
                            "higher rates make this single block diverge"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 3, 3, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int length = ctx.params().getInt("length");
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss, recall of the first token (L = " + length + ")", "step",
                "cross-entropy", false);

        Engine.getInstance().setRandomSeed(seed);
        Weights slow = new Weights(m, ctx.params().getDouble("lr"));
        DiagonalSsm ssm = ssmModel(slow, m, 1e-3, 1e-1);
        double accSsm = train(ctx, m, slow, x -> ssmLogits(slow, ssm, x), "SSM, Δ ∈ [0.001, 0.1]", length, steps,
                seed, 0);

        Engine.getInstance().setRandomSeed(seed);
        Weights fast = new Weights(m, ctx.params().getDouble("lr"));
        DiagonalSsm fastSsm = ssmModel(fast, m, 0.5, 1.0);
        double accFast = train(ctx, m, fast, x -> ssmLogits(fast, fastSsm, x), "SSM, Δ ∈ [0.5, 1] (short memory)",
                length, steps, seed, 1);

        Engine.getInstance().setRandomSeed(seed);
        Weights att = Weights.clipped(m, ctx.params().getDouble("attentionLr"), 1.0);
        PreLnEncoderBlock block = new PreLnEncoderBlock(EMBED, 2, 2 * EMBED);
        block.initialize(m, DataType.FLOAT32, new Shape(1, length, EMBED));
        att.addBlock("block", block);
        att.dense("embed", VOCAB, EMBED);
        att.normal("pos", 0.1, length, EMBED);
        att.dense("head", EMBED, KEYS);
        ParameterStore ps = new ParameterStore(m, false);
        double accAtt = train(ctx, m, att, x -> attentionLogits(att, block, ps, x), "self-attention", length, steps,
                seed, 2);

        // Recurrent and convolutional views of the trained layer.
        double relDiff;
        double absDiff;
        try (NDManager s = m.newSubManager()) {
            NDArray u = batch(s, new Random(seed + 99), 8, length)[0].matMul(slow.get("in.w")); // (8,L,H)
            NDArray conv = ssm.convolve(u);
            NDArray rec = ssm.recur(u);
            absDiff = conv.sub(rec).abs().max().getFloat();
            relDiff = absDiff / conv.abs().max().getFloat();
            float[] k = ssm.kernel(length).get(0).toFloatArray();
            ctx.chart(Chart.line("kernel", "Learned SSM kernel K_k of channel 0 (its memory of lag k)", "lag k", "K_k",
                    List.of(new Series("K_k", Plots.toDouble(range(k.length)), Plots.toDouble(k)))));
        }

        double[][] timing = timing(ctx, m, ssm, slow, block, ps);
        int last = timing[0].length;
        int from = Math.max(0, last - 3);
        double[] lx = java.util.Arrays.copyOfRange(timing[0], from, last);
        double slopeSsm = Fit.logLog(lx, java.util.Arrays.copyOfRange(timing[1], from, last)).slope();
        double slopeAtt = Fit.logLog(lx, java.util.Arrays.copyOfRange(timing[2], from, last)).slope();

        ctx.table(new Table("accuracy", "Held-out accuracy recalling the first of " + length + " tokens (chance 0.25)",
                List.of("model", "accuracy", "parameters"),
                List.of(List.of("diagonal SSM, Δ log-uniform in [0.001, 0.1]", Claim.num(accSsm), Long.toString(slow.count())),
                        List.of("diagonal SSM, Δ in [0.5, 1]", Claim.num(accFast), Long.toString(fast.count())),
                        List.of("one pre-LN self-attention block", Claim.num(accAtt), Long.toString(att.count())))));
        ctx.metric("max |recurrent − convolutional|", absDiff, "");
        ctx.metric("time slope, SSM recurrence (log-log, longest 3 lengths)", slopeSsm, "");
        ctx.metric("time slope, attention (log-log, longest 3 lengths)", slopeAtt, "");

        ctx.claim(Claim.atLeast("The SSM with slow modes recalls the first token: accuracy", accSsm, 0.9));
        ctx.claim(Claim.atLeast("Self-attention also solves it (it sees every position): accuracy", accAtt, 0.9));
        ctx.claim(Claim.atMost("With only short timescales Ā^L ≈ 0 and the SSM is near chance: accuracy",
                accFast, 0.45));
        ctx.claim(Claim.atMost("Recurrent and convolutional views give the same outputs: max relative difference",
                relDiff, 1e-5));
        ctx.claim(Claim.atMost("SSM recurrence time grows linearly with L: log-log slope", slopeSsm, 1.4));
        ctx.claim(Claim.atLeast("Attention time grows faster, toward quadratic: log-log slope", slopeAtt, 1.4));
        ctx.claim(Claim.atLeast("…so the gap widens: attention slope − SSM slope", slopeAtt - slopeSsm, 0.3));
    }

    private static DiagonalSsm ssmModel(Weights w, NDManager m, double dtMin, double dtMax) {
        w.normal("in.w", 1.0, VOCAB, CHANNELS);
        DiagonalSsm ssm = new DiagonalSsm(w, "ssm", m, CHANNELS, STATES, dtMin, dtMax);
        w.dense("mix", CHANNELS, 32);
        w.dense("head", 32, KEYS);
        return ssm;
    }

    /** One-hot tokens (B,L,V) to logits (B,K), read from the SSM output at the last position. */
    private static NDArray ssmLogits(Weights w, DiagonalSsm ssm, NDArray x) {
        long l = x.getShape().get(1);
        NDArray y = ssm.convolve(x.matMul(w.get("in.w"))); // (B,L,H); no bias, so a blank stays zero
        NDArray last = y.get(new NDIndex(":, {}, :", l - 1)); // (B,H)
        // Normalise over channels (a LayerNorm without gain): the first token's trace is O(Δ) small.
        NDArray centred = last.sub(last.mean(new int[] {1}, true));
        last = centred.div(centred.square().mean(new int[] {1}, true).add(1e-8f).sqrt());
        return w.apply("head", w.apply("mix", last).maximum(org.deepdrill.demo.lib.train.Scalars.of(0))); // (B,K)
    }

    /** Embedding + learned positions, one pre-LN self-attention block, mean pool, linear head. */
    private static NDArray attentionLogits(Weights w, PreLnEncoderBlock block, ParameterStore ps, NDArray x) {
        long l = x.getShape().get(1);
        NDArray h = w.apply("embed", x).add(w.get("pos").get("0:{}", l)); // (B,L,E)
        NDArray y = block.forward(ps, new NDList(h), true).head(); // (B,L,E)
        return w.apply("head", y.mean(new int[] {1})); // (B,K)
    }

    /** Sequences whose first token is one of four keys (the label) followed by L − 1 blanks (zero vectors). */
    private static NDArray[] batch(NDManager s, Random rnd, int b, int length) {
        float[] x = new float[b * length * VOCAB];
        float[] y = new float[b];
        for (int i = 0; i < b; i++) {
            int key = rnd.nextInt(KEYS);
            y[i] = key;
            x[(i * length) * VOCAB + key] = 1f;
        }
        return new NDArray[] {s.create(x, new Shape(b, length, VOCAB)), s.create(y)};
    }

    private static double train(LegacyContext ctx, NDManager m, Weights w, Function<NDArray, NDArray> model,
                                String name, int length, int steps, int seed, int run) {
        Random rnd = new Random(seed + run);
        double running = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                NDArray[] xy = batch(s, rnd, 32, length);
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.apply(xy[0]); // (B,K)
                    loss = crossEntropy(logits, xy[1]);
                    gc.backward(loss);
                }
                w.step();
                double l = loss.getFloat();
                ctx.checkFinite("loss (" + name + ")", l);
                running = Double.isNaN(running) ? l : 0.9 * running + 0.1 * l;
            }
            if (step % 5 == 0 || step == 1) {
                ctx.point("loss", name, step, running);
                ctx.progress(run * steps + step, 3 * steps, "training " + name);
            }
        }
        try (NDManager s = m.newSubManager()) {
            NDArray[] xy = batch(s, new Random(seed + 1000), 512, length);
            NDArray pred = model.apply(xy[0]).argMax(1).toType(DataType.FLOAT32, false);
            return pred.eq(xy[1]).toType(DataType.FLOAT32, false).mean().getFloat();
        }
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray onehot = labels.toType(DataType.INT64, false).oneHot(KEYS); // (B,K)
        return logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg();
    }

    /** Median forward time of the SSM recurrence and of the attention block, batch 1, for growing L. */
    private static double[][] timing(LegacyContext ctx, NDManager m, DiagonalSsm ssm, Weights ssmWeights,
                                     PreLnEncoderBlock block, ParameterStore ps) {
        int max = ctx.params().getInt("maxTimingLength");
        List<Integer> lengths = new ArrayList<>();
        for (int l = ctx.quick() ? 256 : 128; l <= max; l *= 2) {
            lengths.add(l);
        }
        double[][] out = new double[3][lengths.size()];
        for (int i = 0; i < lengths.size(); i++) {
            int l = lengths.get(i);
            try (NDManager s = m.newSubManager()) {
                NDArray u = s.randomNormal(new Shape(1, l, CHANNELS)); // (1,L,H)
                NDArray h = s.randomNormal(new Shape(1, l, EMBED)); // (1,L,E)
                int reps = l >= 2048 ? 3 : 6;
                out[0][i] = l;
                out[1][i] = minSeconds(reps, () -> {
                    try (NDManager t = s.newSubManager()) {
                        NDArray uu = u.duplicate();
                        uu.attach(t);
                        ssm.recur(uu).get(new NDIndex(":, -1, :")).toFloatArray();
                    }
                });
                out[2][i] = minSeconds(reps, () -> {
                    try (NDManager t = s.newSubManager()) {
                        NDArray hh = h.duplicate();
                        hh.attach(t);
                        block.forward(ps, new NDList(hh), false).head().get(new NDIndex(":, -1, :")).toFloatArray();
                    }
                });
            }
            ctx.progress(i + 1, lengths.size(), "timing L = " + l);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            rows.add(List.of(Integer.toString(lengths.get(i)), Claim.num(out[1][i] * 1e3), Claim.num(out[2][i] * 1e3)));
        }
        ctx.table(new Table("timing", "Forward time, batch 1, fastest of several calls (ms)", List.of("L", "SSM recurrence", "self-attention"),
                rows));
        ctx.chart(Chart.logLog("timing", "Forward time against sequence length (batch 1, fastest of several calls)", "sequence length L",
                "seconds", List.of(new Series("SSM recurrence O(L)", out[0], out[1]),
                        new Series("self-attention O(L²)", out[0], out[2]))));
        return out;
    }

    /**
     * Fastest of {@code reps} calls after one warm-up. On a shared machine interference only ever adds
     * time, so the minimum estimates the cost of the work itself better than the median.
     */
    private static double minSeconds(int reps, Runnable work) {
        work.run();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static float[] range(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
