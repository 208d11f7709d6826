package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.stats.Timing;

import java.util.ArrayList;
import java.util.List;

/**
 * Q8: multi-head attention from NDArray operations. Checks it against DJL's built-in block on the
 * same weights, tests the causal and padding masks by changing the tokens they should hide, plants
 * four recognisable heads, runs a masked row through fp16, and times the batched path against a
 * per-head loop.
 */
public final class MultiHeadAttentionDemo implements Demo<MultiHeadAttentionDemo.Setup, MultiHeadAttentionDemo.Run> {
    public static final String ID = "multi-head-attention";

    /** fp16's most negative finite value: the fill that survives the cast. */
    static final double FP16_LOWEST = -65504;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Multi-head attention from scratch",
            "Our multi-head attention, written with NDArray operations, against DJL's ScaledDotProductAttentionBlock "
                    + "on the same weights; causal and padding masks tested by changing what they hide; four planted heads; "
                    + "an all-masked row in fp16; batched heads against a per-head loop.",
            List.of("q08-multi-head-attention"),
            List.of(ParamSpec.ofInt("embed", "Embedding size E").range(16, 512).byDefault(128).quick(64)
                            .help("must be divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H").range(1, 16).byDefault(8).quick(4),
                    ParamSpec.ofInt("seqLen", "Sequence length T").range(4, 256).byDefault(64).quick(16),
                    ParamSpec.ofInt("batch", "Batch size B").range(1, 64).byDefault(8).quick(4),
                    ParamSpec.ofInt("repeats", "Timing repeats").range(3, 100).byDefault(30).quick(5)
                            .help("median of this many calls"),
                    ParamSpec.seed(3)));

    /**
     * Checked parameters. {@code causal}: the decoder's causal mask is applied; {@code transposeSplit}:
     * heads are split as (B,T,H,D) then transposed; {@code maskFill}: the value, built in fp32, that
     * masked fp16 scores are filled with.
     */
    public record Setup(int embed, int heads, int seqLen, int batch, int repeats, long seed,
                        boolean causal, boolean transposeSplit, double maskFill) {
    }

    /** Largest differences from DJL's block (no mask, padding mask) and from the per-head loop. */
    public record Agreement(double plain, double padded, double loop) {
    }

    /**
     * What the masks hid: the largest weight on a padded key, the largest change at real positions
     * when only padding tokens change, and the largest change before and after the cut when only
     * tokens after it change. The masks themselves for drawing (1 = may attend).
     */
    public record Masking(double paddedWeight, double paddingLeak, double pastChange, double futureChange,
                          double[][] causal, double[][] padding) {
    }

    /** Mean weight the planted heads put on their intended key, and their four attention maps. */
    public record Planted(double onTarget, double[][][] maps) {
    }

    /** Median milliseconds per forward pass, and arrays each path created per call. */
    public record Speed(double batchedMs, double loopMs, double djlMs, long batchedArrays, long loopArrays) {
    }

    /**
     * The fp16 check: −1e9 and the run's fill after a cast to fp16, NaN entries in the output, query
     * rows whose keys were all masked, and the largest error of the other rows against fp32.
     */
    public record Fp16(double minus1e9Cast, double castFill, double nanOutputs, double allMaskedRows,
                       double otherRowsError) {
    }

    public record Run(int batch, int seqLen, int embed, int heads, Agreement agreement, Masking masking,
                      Planted planted, Speed speed, Fp16 fp16) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int e = p.getInt("embed");
        int h = p.getInt("heads");
        if (e % h != 0) {
            throw new ParamException("Parameter 'embed' (" + e + ") must be divisible by 'heads' (" + h + ")");
        }
        return new Setup(e, h, p.getInt("seqLen"), p.getInt("batch"), p.getInt("repeats"), p.getInt("seed"),
                true, true, FP16_LOWEST);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-causal-mask", "The decoder's self-attention runs without its causal mask",
                                s -> new Setup(s.embed(), s.heads(), s.seqLen(), s.batch(), s.repeats(), s.seed(),
                                        false, s.transposeSplit(), s.maskFill()))
                        .flips("causal-past-unchanged", "every output now reads the later tokens, so changing them moves it")
                        .explainedIn("Masks, and the fp16 trap")
                        .build(),
                Break.<Setup>of("split-without-transpose",
                                "Heads are cut with a bare reshape (B,T,E) → (B,H,T,D) and glued back the same way "
                                        + "(with one head the reshape happens to be right)",
                                s -> new Setup(s.embed(), s.heads(), s.seqLen(), s.batch(), s.repeats(), s.seed(),
                                        s.causal(), false, s.maskFill()))
                        .flips("matches-djl", "each head's rows now mix channels of several tokens")
                        .flips("padding-no-leak", "a row marked real may hold channels of a padding token")
                        .flips("planted-heads", "the planted per-head weights no longer meet their own tokens")
                        .flips("loop-matches", "the loop still slices each head by channels, as it should")
                        .explainedIn("The layout that matters")
                        .build(),
                Break.<Setup>of("mask-minus-1e9", "Masked fp16 scores are filled with −1e9 built in fp32 and cast to fp16",
                                s -> new Setup(s.embed(), s.heads(), s.seqLen(), s.batch(), s.repeats(), s.seed(),
                                        s.causal(), s.transposeSplit(), -1e9))
                        .flips("fp16-all-masked-row-finite", "the cast gives −∞, and a row of only −∞ is NaN after softmax")
                        .explainedIn("Masks, and the fp16 trap")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        Agreement a = r.agreement();
        Masking m = r.masking();
        return List.of(
                Claim.atMost("matches-djl", "Our multi-head attention matches DJL's block on the same weights: max |difference|",
                        a.plain(), 1e-5),
                Claim.atMost("padded-matches-djl", "…and with a padding mask: max |difference|", a.padded(), 1e-5),
                Claim.atMost("padding-no-leak", "Changing only the padding tokens leaves every real position's output "
                        + "unchanged: max change", m.paddingLeak(), 1e-6),
                Claim.atMost("causal-past-unchanged", "Causal mask: changing tokens after t leaves outputs up to t "
                        + "unchanged: max change", m.pastChange(), 1e-6),
                Claim.atLeast("causal-future-changes", "…while outputs after t do change: max change", m.futureChange(), 1e-3),
                Claim.atLeast("planted-heads", "Four planted heads each find their own target in the same layer: "
                        + "mean weight on the intended key", r.planted().onTarget(), 0.95),
                Claim.atMost("loop-matches", "The per-head loop computes the same output: max |difference|", a.loop(), 1e-5),
                Claim.atLeast("batched-faster", "Batching all heads in one matmul is faster than looping: speed-up",
                        r.speed().loopMs() / r.speed().batchedMs(), 1.5).timing(),
                Claim.atMost("fp16-all-masked-row-finite", "In fp16, a query row whose keys are all masked stays finite "
                        + "when the fill is fp16's lowest finite value: NaN entries in the output", r.fp16().nanOutputs(), 0));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int e = s.embed();
        int h = s.heads();
        int t = s.seqLen();
        int b = s.batch();
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        ParameterStore ps = new ParameterStore(m, false);

        // 1. Same weights, same output as DJL's block.
        ScaledDotProductAttentionBlock djl = ScaledDotProductAttentionBlock.builder()
                .setEmbeddingSize(e).setHeadCount(h).optAttentionProbsDropoutProb(0f).build();
        djl.initialize(m, DataType.FLOAT32, new Shape(b, t, e));
        MultiHeadAttention ours = MultiHeadAttention.builder().embedding(e).heads(h).build();
        ours.initialize(m, DataType.FLOAT32, new Shape(b, t, e));
        ScratchMha.copy(djl.getQueryProjection(), ours.queryProjection());
        ScratchMha.copy(djl.getKeyProjection(), ours.keyProjection());
        ScratchMha.copy(djl.getValueProjection(), ours.valueProjection());
        ScratchMha.copy(djl.getResultProjection(), ours.outputProjection());
        boolean split = s.transposeSplit();

        NDArray x = m.randomNormal(new Shape(b, t, e)); // (B,T,E)
        double diffPlain = maxAbs(ScratchMha.forward(ps, ours, x, null, split).head()
                .sub(djl.forward(ps, new NDList(x), false).head()));

        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = Math.max(1, t - (i * t) / (2 * b));
        }
        NDArray pad = Attention.paddingMask(m, lengths, t); // (B,1,1,T)
        NDArray padFull = pad.reshape(b, 1, t).repeat(1, t); // (B,T,T) for DJL
        NDList masked = ScratchMha.forward(ps, ours, x, pad, split);
        double diffPadded = maxAbs(masked.head().sub(djl.forward(ps, new NDList(x, padFull), false).head()));
        double paddedWeight = masked.get(1).mul(pad.eq(0).toType(DataType.FLOAT32, false)).max().getFloat();
        NDArray real = pad.reshape(b, t, 1); // (B,T,1), 1 at real tokens
        NDArray xPad = x.add(m.randomNormal(new Shape(b, t, e)).mul(real.sub(1).neg())); // only padding changes
        double paddingLeak = maxAbs(ScratchMha.forward(ps, ours, xPad, pad, split).head().sub(masked.head()).mul(real));
        ctx.liveChart("checks", "Largest change where the mask should hide it (live)", "check", "max |change|", false);
        ctx.point("checks", "padding", 1, paddingLeak);
        ctx.progress(1, 5, "compared with DJL's block");

        // 2. Causal mask: changing the future leaves the past untouched.
        NDArray causal = Attention.causalMask(m, t); // (1,1,T,T)
        NDArray decoderMask = s.causal() ? causal : null;
        int cut = t / 2;
        NDArray before = ScratchMha.forward(ps, ours, x, decoderMask, split).head();
        NDArray x2 = x.duplicate();
        NDIndex later = new NDIndex(":, {}:", cut + 1);
        NDIndex upTo = new NDIndex(":, :{}", cut + 1);
        x2.set(later, x.get(later).add(m.randomNormal(new Shape(b, t - cut - 1, e))));
        NDArray after = ScratchMha.forward(ps, ours, x2, decoderMask, split).head();
        double pastChange = maxAbs(after.get(upTo).sub(before.get(upTo)));
        double futureChange = maxAbs(after.get(later).sub(before.get(later)));
        ctx.point("checks", "causal: outputs up to t", 2, pastChange);
        Masking masking = new Masking(paddedWeight, paddingLeak, pastChange, futureChange,
                toMatrix(causal.reshape(t, t)), toMatrix(pad.reshape(b, t)));
        ctx.progress(2, 5, "checked the masks");

        // 3. Planted heads on a one-hot position input.
        Planted planted = plantedHeads(m, ps, s);
        ctx.progress(3, 5, "planted heads");

        // 4. An all-masked row in fp16.
        Fp16 fp16 = fp16Row(m, t, e / h, s.maskFill());
        ctx.progress(4, 5, "fp16 masking");

        // 5. Batched heads against a per-sequence, per-head loop.
        double loopDiff;
        try (NDManager sm = m.newSubManager()) {
            loopDiff = maxAbs(ScratchMha.naiveLoop(sm, x, ours, decoderMask).sub(before));
        }
        Speed speed = time(ctx, ps, ours, djl, x, decoderMask, s);
        ctx.progress(5, 5, "timed both paths");
        return new Run(b, t, e, h, new Agreement(diffPlain, diffPadded, loopDiff), masking, planted, speed, fp16);
    }

    @Override
    public Presentation present(Run r) {
        Speed sp = r.speed();
        Presentation.Builder p = Presentation.builder()
                .table(new Table("timing", "Time per forward pass (B=" + r.batch() + ", T=" + r.seqLen() + ", E="
                        + r.embed() + ", H=" + r.heads() + ")", List.of("path", "median ms", "arrays created per call"),
                        List.of(List.of("batched: all heads in one matmul", Claim.num(sp.batchedMs()),
                                        Long.toString(sp.batchedArrays())),
                                List.of("loop over sequences and heads", Claim.num(sp.loopMs()), Long.toString(sp.loopArrays())),
                                List.of("DJL ScaledDotProductAttentionBlock", Claim.num(sp.djlMs()), "–"))))
                .heatmap(new Heatmap("mask-causal", "Causal mask (1 = may attend)", "query position", "key position",
                        r.masking().causal(), null, null))
                .heatmap(new Heatmap("mask-padding", "Padding mask per sequence (1 = real token)", "sequence",
                        "key position", r.masking().padding(), null, null));
        String[] names = {"head 1: self", "head 2: previous token", "head 3: three back", "head 4: uniform (q = 0)"};
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < r.planted().maps()[0].length; i++) {
            labels.add(Integer.toString(i));
        }
        for (int i = 0; i < names.length; i++) {
            p.heatmap(new Heatmap("head-" + (i + 1), names[i], "query position", "key position",
                    r.planted().maps()[i], labels, labels));
        }
        return p.metric("max |ours − DJL| unmasked", r.agreement().plain(), "")
                .metric("max |ours − DJL| with padding mask", r.agreement().padded(), "")
                .metric("largest weight on a padded key", r.masking().paddedWeight(), "")
                .metric("batched ms", sp.batchedMs(), "ms")
                .metric("loop ms", sp.loopMs(), "ms")
                .metric("speed-up of batched over loop", sp.loopMs() / sp.batchedMs(), "×")
                .metric("−1e9 in an fp32 tensor, cast to fp16", r.fp16().minus1e9Cast(), "")
                .metric("this run's fill after the cast to fp16", r.fp16().castFill(), "")
                .metric("fp16 query rows with every key masked", r.fp16().allMaskedRows(), "")
                .metric("fp16 output: largest error of the other rows against fp32", r.fp16().otherRowsError(), "")
                .note("fp16's largest finite magnitude is 65504. Casting an fp32 tensor that holds −1e9 to fp16 gives −∞; "
                        + "PyTorch's masked_fill with the Python number −1e9 on an fp16 tensor raises an overflow error "
                        + "instead. The fp16 check fills masked scores through a cast of a tensor, then takes the softmax "
                        + "in fp32 over left-padded keys under a causal mask, so the first query rows see only padding.")
                .build();
    }

    /**
     * Four heads with hand-set weights on one-hot position inputs: attend to self, to the previous
     * token, to three tokens back, and uniformly. The score on each target is 12 after the 1/√d factor.
     */
    private static Planted plantedHeads(NDManager m, ParameterStore ps, Setup s) {
        int heads = 4;
        int t = 12;
        int d = t;
        int e = heads * d;
        int[] shift = {0, 1, 3, -1};
        MultiHeadAttention mha = MultiHeadAttention.builder().embedding(e).heads(heads).build();
        mha.initialize(m, DataType.FLOAT32, new Shape(1, t, e));
        float c = 12f * (float) Math.sqrt(d);
        float[] wq = new float[e * e];
        float[] wk = new float[e * e];
        float[] identity = new float[e * e];
        for (int hh = 0; hh < heads; hh++) {
            for (int i = 0; i < t; i++) {
                wk[(hh * d + i) * e + i] = 1f; // key of position i = e_i in head hh
                if (shift[hh] >= 0 && i - shift[hh] >= 0) {
                    wq[(hh * d + i - shift[hh]) * e + i] = c; // query of i points at i − shift
                }
            }
        }
        for (int i = 0; i < e; i++) {
            identity[i * e + i] = 1f;
        }
        ScratchMha.set(mha.queryProjection(), wq, e);
        ScratchMha.set(mha.keyProjection(), wk, e);
        ScratchMha.set(mha.valueProjection(), identity, e);
        ScratchMha.set(mha.outputProjection(), identity, e);
        float[] onehot = new float[t * e];
        for (int i = 0; i < t; i++) {
            onehot[i * e + i] = 1f;
        }
        NDArray x = m.create(onehot, new Shape(1, t, e));
        NDArray mask = s.causal() ? Attention.causalMask(m, t) : null;
        NDArray w = ScratchMha.forward(ps, mha, x, mask, s.transposeSplit()).get(1); // (1,H,T,T)
        double[][][] maps = new double[heads][][];
        double total = 0;
        int count = 0;
        for (int hh = 0; hh < heads; hh++) {
            maps[hh] = toMatrix(w.get(0, hh));
            if (shift[hh] >= 0) {
                for (int i = shift[hh]; i < t; i++) {
                    total += maps[hh][i][i - shift[hh]];
                    count++;
                }
            }
        }
        return new Planted(total / count, maps);
    }

    /**
     * One head in fp16 over two sequences of length T, the second left-padded by T/2, under a causal
     * mask: its first T/2 query rows see only padding. Masked scores take {@code fill}, built as an
     * fp32 tensor and cast to fp16; the softmax runs in fp32.
     */
    private static Fp16 fp16Row(NDManager parent, int t, int d, double fill) {
        try (NDManager m = parent.newSubManager()) {
            NDArray q = m.randomNormal(new Shape(2, 1, t, d)); // (2,1,T,D)
            NDArray k = m.randomNormal(new Shape(2, 1, t, d));
            NDArray v = m.randomNormal(new Shape(2, 1, t, d));
            NDArray scores = q.matMul(k.swapAxes(-1, -2)).div(Math.sqrt(d)); // (2,1,T,T) fp32
            NDArray firstReal = m.create(new int[] {0, t / 2}).reshape(2, 1, 1, 1); // left padding per sequence
            NDArray keyReal = m.arange(t).reshape(1, 1, 1, t).gte(firstReal); // (2,1,1,T)
            NDArray keep = Attention.causalMask(m, t).eq(1).logicalAnd(keyReal); // (2,1,T,T)
            NDArray fill16 = m.full(scores.getShape(), (float) fill, DataType.FLOAT32).toType(DataType.FLOAT16, false); // the cast
            NDArray s16 = NDArrays.where(keep, scores.toType(DataType.FLOAT16, false), fill16); // (2,1,T,T) fp16
            NDArray out = s16.toType(DataType.FLOAT32, false).softmax(-1).matMul(v); // (2,1,T,D)
            double nan = out.isNaN().toType(DataType.FLOAT32, false).sum().getFloat();
            NDArray rowHasKey = keep.toType(DataType.FLOAT32, false).sum(new int[] {3}, true).gt(0); // (2,1,T,1)
            double allMasked = rowHasKey.logicalNot().toType(DataType.FLOAT32, false).sum().getFloat();
            NDArray ref = Attention.scaledDotProduct(q, k, v, keep.toType(DataType.FLOAT32, false)).get(0); // fp32
            NDArray err = NDArrays.where(rowHasKey.broadcast(out.getShape()), out.sub(ref).abs(), m.zeros(out.getShape()));
            double otherRows = err.max().getFloat();
            double minus1e9 = m.create(new float[] {-1e9f}).toType(DataType.FLOAT16, false)
                    .toType(DataType.FLOAT32, false).getFloat();
            return new Fp16(minus1e9, fill16.get(0, 0, 0, 0).toType(DataType.FLOAT32, false).getFloat(), nan, allMasked, otherRows);
        }
    }

    private static Speed time(DemoContext ctx, ParameterStore ps, MultiHeadAttention ours,
                              ScaledDotProductAttentionBlock djl, NDArray x, NDArray mask, Setup s) {
        NDManager m = ctx.manager();
        long[] arrays = new long[2];
        Runnable batched = () -> {
            try (NDManager sm = m.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(sm);
                ScratchMha.forward(ps, ours, xs, mask, s.transposeSplit()).head().toFloatArray();
                arrays[0] = sm.getManagedArrays().size() - 1;
            }
        };
        Runnable loop = () -> {
            try (NDManager sm = m.newSubManager()) {
                ScratchMha.naiveLoop(sm, x, ours, mask).toFloatArray();
                arrays[1] = sm.getManagedArrays().size() - 8; // less the borrowed weights
            }
        };
        batched.run();
        loop.run();
        ctx.liveChart("timing", "Time per forward pass, call by call (live)", "call", "ms", true);
        double[] batchedTimes = new double[s.repeats()];
        double[] loopTimes = new double[s.repeats()];
        for (int i = 0; i < s.repeats(); i++) {
            batchedTimes[i] = Timing.medianSeconds(0, 1, batched) * 1e3;
            loopTimes[i] = Timing.medianSeconds(0, 1, loop) * 1e3;
            ctx.point("timing", "batched heads", i + 1, batchedTimes[i]);
            ctx.point("timing", "loop over sequences and heads", i + 1, loopTimes[i]);
            ctx.checkCancelled();
        }
        double djlMs = Timing.medianSeconds(2, s.repeats(), () -> {
            try (NDManager sm = m.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(sm);
                djl.forward(ps, new NDList(xs), false).head().toFloatArray();
            }
        }) * 1e3;
        return new Speed(Fit.median(batchedTimes), Fit.median(loopTimes), djlMs, arrays[0], arrays[1]);
    }

    private static double maxAbs(NDArray a) {
        return a.abs().max().getFloat();
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
