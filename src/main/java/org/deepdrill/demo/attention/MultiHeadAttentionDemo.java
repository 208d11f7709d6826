package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;
import org.deepdrill.demo.lib.stats.Timing;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Q8: multi-head attention from NDArray operations. Checks it against DJL's built-in block on the
 * same weights, shows the causal and padding masks at work, plants four recognisable heads and
 * draws their attention, and times the batched path against a per-head loop.
 */
public final class MultiHeadAttentionDemo extends LegacyDemo {
    public static final String ID = "multi-head-attention";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Multi-head attention from scratch",
            "Our multi-head attention, written with NDArray operations, against DJL's ScaledDotProductAttentionBlock "
                    + "on the same weights; causal and padding masks; four planted heads; fused against naive timing.",
            List.of("q08-multi-head-attention"),
            List.of(ParamSpec.ofInt("embed", "Embedding size E", 16, 512, 128, 64, "must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H", 1, 16, 8, 4, ""),
                    ParamSpec.ofInt("seqLen", "Sequence length T", 4, 256, 64, 16, ""),
                    ParamSpec.ofInt("batch", "Batch size B", 1, 64, 8, 4, ""),
                    ParamSpec.ofInt("repeats", "Timing repeats", 3, 200, 30, 5, "median of this many calls"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 3, 3, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int e = ctx.params().getInt("embed");
        int h = ctx.params().getInt("heads");
        int t = ctx.params().getInt("seqLen");
        int b = ctx.params().getInt("batch");
        if (e % h != 0) {
            throw new org.deepdrill.demo.ParamException("Parameter 'embed' (" + e + ") must be divisible by 'heads' (" + h + ")");
        }
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
        NDManager m = ctx.manager();
        ParameterStore ps = new ParameterStore(m, false);

        // 1. Same weights, same output as DJL's block.
        ScaledDotProductAttentionBlock djl = ScaledDotProductAttentionBlock.builder()
                .setEmbeddingSize(e).setHeadCount(h).optAttentionProbsDropoutProb(0f).build();
        djl.initialize(m, DataType.FLOAT32, new Shape(b, t, e));
        MultiHeadAttention ours = MultiHeadAttention.builder().embedding(e).heads(h).build();
        ours.initialize(m, DataType.FLOAT32, new Shape(b, t, e));
        copy(djl.getQueryProjection(), ours.queryProjection());
        copy(djl.getKeyProjection(), ours.keyProjection());
        copy(djl.getValueProjection(), ours.valueProjection());
        copy(djl.getResultProjection(), ours.outputProjection());

        NDArray x = m.randomNormal(new Shape(b, t, e)); // (B,T,E)
        NDArray outOurs = ours.forward(ps, new NDList(x), false).head(); // (B,T,E)
        NDArray outDjl = djl.forward(ps, new NDList(x), false).head(); // (B,T,E)
        double diffPlain = outOurs.sub(outDjl).abs().max().getFloat();

        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = Math.max(1, t - (i * t) / (2 * b));
        }
        NDArray pad = Attention.paddingMask(m, lengths, t); // (B,1,1,T)
        NDArray padFull = pad.reshape(b, 1, t).repeat(1, t); // (B,T,T) for DJL
        NDList maskedOurs = ours.forward(ps, new NDList(x, pad), false);
        NDArray maskedDjl = djl.forward(ps, new NDList(x, padFull), false).head();
        double diffMasked = maskedOurs.head().sub(maskedDjl).abs().max().getFloat();
        NDArray invalid = pad.eq(0).toType(DataType.FLOAT32, false); // (B,1,1,T)
        double leaked = maskedOurs.get(1).mul(invalid).max().getFloat();
        ctx.progress(1, 4, "compared with DJL's block");

        // 2. Causal mask: changing the future leaves the past untouched.
        NDArray causal = Attention.causalMask(m, t); // (1,1,T,T)
        int cut = t / 2;
        NDArray before = ours.forward(ps, new NDList(x, causal), false).head();
        NDArray noise = m.randomNormal(new Shape(b, t - cut - 1, e));
        NDArray x2 = x.duplicate();
        x2.set(new NDIndex(":, {}:", cut + 1), x.get(new NDIndex(":, {}:", cut + 1)).add(noise));
        NDArray after = ours.forward(ps, new NDList(x2, causal), false).head();
        double pastChange = after.get(new NDIndex(":, :{}", cut + 1)).sub(before.get(new NDIndex(":, :{}", cut + 1)))
                .abs().max().getFloat();
        double futureChange = after.get(new NDIndex(":, {}:", cut + 1)).sub(before.get(new NDIndex(":, {}:", cut + 1)))
                .abs().max().getFloat();
        ctx.heatmap(new Heatmap("mask-causal", "Causal mask (1 = may attend)", "query position", "key position",
                toMatrix(causal.reshape(t, t)), null, null));
        ctx.heatmap(new Heatmap("mask-padding", "Padding mask per sequence (1 = real token)", "sequence", "key position",
                toMatrix(pad.reshape(b, t)), null, null));
        ctx.progress(2, 4, "checked the masks");

        // 3. Planted heads on a one-hot position input.
        double[] planted = plantedHeads(ctx, m, ps);
        ctx.progress(3, 4, "planted heads");

        // 4. Fused (all heads in one batched matmul) against a per-sequence, per-head loop.
        int repeats = ctx.params().getInt("repeats");
        ctx.liveChart("timing", "Time per forward pass, call by call (live)", "call", "ms", true);
        Runnable fusedCall = () -> {
            try (NDManager s = m.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(s);
                ours.forward(ps, new NDList(xs, causal), false).head().toFloatArray();
            }
        };
        Runnable naiveCall = () -> {
            try (NDManager s = m.newSubManager()) {
                naive(s, x, ours, h, causal).toFloatArray();
            }
        };
        fusedCall.run();
        naiveCall.run();
        double[] fusedTimes = new double[repeats];
        double[] naiveTimes = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            fusedTimes[i] = Timing.medianSeconds(0, 1, fusedCall);
            naiveTimes[i] = Timing.medianSeconds(0, 1, naiveCall);
            ctx.point("timing", "fused: heads batched", i + 1, fusedTimes[i] * 1e3);
            ctx.point("timing", "naive: loop over sequences and heads", i + 1, naiveTimes[i] * 1e3);
            ctx.checkCancelled();
        }
        double fused = org.deepdrill.demo.lib.stats.Fit.median(fusedTimes);
        double naive = org.deepdrill.demo.lib.stats.Fit.median(naiveTimes);
        double builtIn = Timing.medianSeconds(2, repeats, () -> {
            try (NDManager s = m.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(s);
                djl.forward(ps, new NDList(xs), false).head().toFloatArray();
            }
        });
        double naiveCheck;
        try (NDManager s = m.newSubManager()) {
            naiveCheck = naive(s, x, ours, h, causal).sub(before).abs().max().getFloat();
        }
        ctx.progress(4, 4, "timed both paths");

        ctx.table(new Table("timing", "Time per forward pass (B=" + b + ", T=" + t + ", E=" + e + ", H=" + h + ")",
                List.of("path", "ms", "ops issued"),
                List.of(List.of("fused: all heads batched", Claim.num(fused * 1e3), "≈ 12"),
                        List.of("naive: loop over sequences and heads", Claim.num(naive * 1e3), "≈ " + (b * h * 8 + 4)),
                        List.of("DJL ScaledDotProductAttentionBlock", Claim.num(builtIn * 1e3), "≈ 15"))));
        ctx.metric("max |ours − DJL| unmasked", diffPlain, "");
        ctx.metric("max |ours − DJL| with padding mask", diffMasked, "");
        ctx.metric("fused ms", fused * 1e3, "ms");
        ctx.metric("naive ms", naive * 1e3, "ms");
        ctx.metric("speed-up of fused over naive", naive / fused, "×");

        ctx.claim(Claim.atMost("Our multi-head attention matches DJL's block on the same weights: max |difference|",
                diffPlain, 1e-5));
        ctx.claim(Claim.atMost("…and with a padding mask: max |difference|", diffMasked, 1e-5));
        ctx.claim(Claim.atMost("Padded keys receive no attention: largest weight on a padded key", leaked, 1e-6));
        ctx.claim(Claim.atMost("Causal mask: changing tokens after t leaves outputs up to t unchanged (max change)",
                pastChange, 1e-6));
        ctx.claim(Claim.atLeast("…while outputs after t do change (max change)", futureChange, 1e-3));
        ctx.claim(Claim.atLeast("Planted heads find their target: mean attention on the intended key",
                planted[0], 0.95));
        ctx.claim(Claim.atMost("The per-head loop computes the same output: max |difference|", naiveCheck, 1e-5));
        ctx.claim(Claim.atLeast("Batching all heads in one matmul is faster than looping: speed-up", naive / fused, 1.5));
        fp16Pitfall(ctx, m);
    }

    /** Copies weight and bias from one Linear layer to another of the same size. */
    private static void copy(Linear from, Linear to) {
        for (String name : List.of("weight", "bias")) {
            NDArray src = from.getParameters().get(name).getArray();
            to.getParameters().get(name).getArray().set(FloatBuffer.wrap(src.toFloatArray()));
        }
    }

    /** The slow way: one small matmul chain per sequence and per head. */
    private static NDArray naive(NDManager s, NDArray x, MultiHeadAttention mha, int heads, NDArray causal) {
        NDArray wq = mha.queryProjection().getParameters().get("weight").getArray();
        NDArray bq = mha.queryProjection().getParameters().get("bias").getArray();
        NDArray wk = mha.keyProjection().getParameters().get("weight").getArray();
        NDArray bk = mha.keyProjection().getParameters().get("bias").getArray();
        NDArray wv = mha.valueProjection().getParameters().get("weight").getArray();
        NDArray bv = mha.valueProjection().getParameters().get("bias").getArray();
        NDArray wo = mha.outputProjection().getParameters().get("weight").getArray();
        NDArray bo = mha.outputProjection().getParameters().get("bias").getArray();
        long bsz = x.getShape().get(0);
        long t = x.getShape().get(1);
        long e = x.getShape().get(2);
        long d = e / heads;
        NDArray mask = causal.reshape(t, t);
        NDList outs = new NDList();
        for (int i = 0; i < bsz; i++) {
            NDArray xi = x.get(i); // (T,E)
            xi.attach(s);
            NDList headOuts = new NDList();
            for (int hh = 0; hh < heads; hh++) {
                String rows = hh * d + ":" + (hh + 1) * d;
                NDArray q = xi.matMul(wq.get(rows).transpose()).add(bq.get(rows)); // (T,D)
                NDArray k = xi.matMul(wk.get(rows).transpose()).add(bk.get(rows)); // (T,D)
                NDArray v = xi.matMul(wv.get(rows).transpose()).add(bv.get(rows)); // (T,D)
                NDArray scores = Attention.applyMask(q.matMul(k.transpose()).div(org.deepdrill.demo.lib.train.Scalars.of(Math.sqrt(d))), mask);
                headOuts.add(scores.softmax(-1).matMul(v)); // (T,D)
            }
            outs.add(ai.djl.ndarray.NDArrays.concat(headOuts, 1).matMul(wo.transpose()).add(bo)); // (T,E)
        }
        return ai.djl.ndarray.NDArrays.stack(outs); // (B,T,E)
    }

    /**
     * Four heads with hand-set weights on one-hot position inputs: attend to self, to the previous
     * token, to three tokens back, and uniformly. Returns the mean weight on the intended key.
     */
    private static double[] plantedHeads(LegacyContext ctx, NDManager m, ParameterStore ps) {
        int heads = 4;
        int t = 12;
        int d = t;
        int e = heads * d;
        int[] shift = {0, 1, 3, -1};
        String[] names = {"head 1: self", "head 2: previous token", "head 3: three back", "head 4: uniform (q = 0)"};
        MultiHeadAttention mha = MultiHeadAttention.builder().embedding(e).heads(heads).build();
        mha.initialize(m, DataType.FLOAT32, new Shape(1, t, e));
        float c = 12f * (float) Math.sqrt(d); // score 12 on the target after the 1/√d scaling
        float[] wq = new float[e * e];
        float[] wk = new float[e * e];
        float[] identity = new float[e * e];
        for (int hh = 0; hh < heads; hh++) {
            for (int i = 0; i < t; i++) {
                wk[(hh * d + i) * e + i] = 1f; // key of position i = e_i in head hh
                if (shift[hh] >= 0 && i - shift[hh] >= 0) {
                    wq[(hh * d + i - shift[hh]) * e + i] = c; // query of i points at i - shift
                }
            }
        }
        for (int i = 0; i < e; i++) {
            identity[i * e + i] = 1f;
        }
        set(mha.queryProjection(), wq, e);
        set(mha.keyProjection(), wk, e);
        set(mha.valueProjection(), identity, e);
        set(mha.outputProjection(), identity, e);
        float[] onehot = new float[t * e];
        for (int i = 0; i < t; i++) {
            onehot[i * e + i] = 1f;
        }
        NDArray x = m.create(onehot, new Shape(1, t, e));
        NDArray w = mha.forward(ps, new NDList(x, Attention.causalMask(m, t)), false).get(1); // (1,H,T,T)
        double total = 0;
        int count = 0;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            labels.add(Integer.toString(i));
        }
        for (int hh = 0; hh < heads; hh++) {
            double[][] mat = toMatrix(w.get(0, hh));
            ctx.heatmap(new Heatmap("head-" + (hh + 1), names[hh], "query position", "key position", mat, labels, labels));
            if (shift[hh] >= 0) {
                for (int i = shift[hh]; i < t; i++) {
                    total += mat[i][i - shift[hh]];
                    count++;
                }
            }
        }
        return new double[] {total / count};
    }

    private static void set(Linear layer, float[] weight, int e) {
        layer.getParameters().get("weight").getArray().set(FloatBuffer.wrap(weight));
        layer.getParameters().get("bias").getArray().set(FloatBuffer.wrap(new float[e]));
    }

    /** fp16 and a fixed −1e9 mask value: the cast overflows, and an all-masked row becomes NaN. */
    private static void fp16Pitfall(LegacyContext ctx, NDManager m) {
        float cast = m.create(new float[] {-1e9f}).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).getFloat();
        NDArray row = m.create(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY});
        float soft = row.softmax(0).getFloat(0);
        ctx.metric("−1e9 after a round trip through fp16", cast, "");
        ctx.claim(new Claim("A mask value of −1e9 does not fit in fp16 (largest magnitude 65504): the cast gives −∞",
                cast, "= −∞", Float.isInfinite(cast) && cast < 0));
        ctx.claim(new Claim("A query row whose keys are all −∞ gives NaN after softmax", soft, "NaN", Float.isNaN(soft)));
    }

    private static double[][] toMatrix(NDArray a) {
        long r = a.getShape().get(0);
        long c = a.getShape().get(1);
        float[] v = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] out = new double[(int) r][(int) c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = v[(int) (i * c + j)];
            }
        }
        return out;
    }
}
