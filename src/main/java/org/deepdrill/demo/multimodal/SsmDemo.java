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
import org.deepdrill.demo.lib.blocks.MemoryProbe;
import org.deepdrill.demo.lib.blocks.PreLnEncoderBlock;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.stats.Timing;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Q26: a diagonal state-space layer against self-attention on a long-range recall task (the label is
 * the first token; everything after it is blank). Trains both, plus an SSM whose timescales are all
 * short, checks that the recurrent and convolutional views agree, and measures what one forward
 * pass of each costs against length: the bytes it materialises and its time.
 */
public final class SsmDemo implements Demo<SsmDemo.Setup, SsmDemo.Run> {
    public static final String ID = "state-space-models";
    private static final int KEYS = 4;
    private static final int VOCAB = KEYS;
    private static final int CHANNELS = 16;
    private static final int STATES = 16;
    private static final int EMBED = 32;
    /** Δ range of the main SSM (S4D's usual initialisation) and of the short-memory one. */
    private static final double[] SLOW = {1e-3, 1e-1};
    private static final double[] FAST = {0.5, 1.0};

    private static final DemoSpec SPEC = new DemoSpec(ID, "State-space model vs attention on long-range recall",
            "A diagonal SSM (S4D-Real: Ā = exp(ΔA)) and a self-attention block learn to recall the first token of a "
                    + "long sequence of blanks. Accuracy, recurrent = convolutional outputs, and memory and time "
                    + "against length.",
            List.of("q26-state-space-models"),
            List.of(ParamSpec.ofInt("length", "Training sequence length L").range(16, 512).byDefault(128).quick(64)
                            .help("the attention model holds batch × heads × L² scores while training"),
                    ParamSpec.ofInt("steps", "Training steps per model").range(20, 5000).byDefault(150).quick(120),
                    ParamSpec.ofInt("maxTimingLength", "Longest length measured").range(512, 4096).byDefault(2048)
                            .help("powers of two from 128 (256 in quick mode) up to this; attention's scores take "
                                    + "about 24·L² bytes per pass"),
                    ParamSpec.ofDouble("lr", "Learning rate of the SSMs (Adam)").range(1e-5, 1e-1).byDefault(3e-3),
                    ParamSpec.ofDouble("attentionLr", "Learning rate of the attention model").range(1e-5, 1e-1)
                            .byDefault(1e-3).help("higher rates make this single block diverge"),
                    ParamSpec.seed(3)));

    /**
     * Checked parameters. {@code dtMin}/{@code dtMax} bound the main SSM's step sizes; {@code zeroOrderHold}
     * is false when the recurrent view discretises B̄ differently from the kernel.
     */
    public record Setup(int length, int steps, int maxTimingLength, boolean quick, double lr, double attentionLr,
                        long seed, double dtMin, double dtMax, boolean zeroOrderHold) {
    }

    /**
     * Held-out accuracies and parameter counts, the largest recurrent-vs-convolutional difference,
     * the learnt kernel of channel 0, and per length the bytes one forward pass left under its
     * manager and its median time, for the SSM recurrence and the attention block.
     */
    public record Run(int length, double accSsm, double accFast, double accAttention, long paramsSsm, long paramsFast,
                      long paramsAttention, double absDiff, double relDiff, double[] kernel, double[] lengths,
                      double[] ssmBytes, double[] attentionBytes, double[] ssmSeconds, double[] attentionSeconds) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("length"), p.getInt("steps"), p.getInt("maxTimingLength"), p.quick(), p.getDouble("lr"),
                p.getDouble("attentionLr"), p.getInt("seed"), SLOW[0], SLOW[1], true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("short-timescales", "The main SSM draws its steps Δ from [0.5, 1]: every mode forgets "
                                + "within a few tokens",
                                s -> new Setup(s.length(), s.steps(), s.maxTimingLength(), s.quick(), s.lr(),
                                        s.attentionLr(), s.seed(), FAST[0], FAST[1], s.zeroOrderHold()))
                        .flips("ssm-recalls", "the first token reaches the last position multiplied by e^{−Δ|a|L} ≈ 0")
                        .explainedIn("What sets the memory")
                        .build(),
                Break.<Setup>of("euler-recurrence", "The recurrent view uses B̄ = Δ·B (Euler) while the kernel uses the "
                                + "zero-order hold B̄ = (Ā − 1)/A",
                                s -> new Setup(s.length(), s.steps(), s.maxTimingLength(), s.quick(), s.lr(),
                                        s.attentionLr(), s.seed(), s.dtMin(), s.dtMax(), false))
                        .flips("views-agree", "two discretisations are two different models: the outputs differ by "
                                + "about Δ|a|/2 relative")
                        .explainedIn("From a differential equation to a recurrence")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        return List.of(
                Claim.atLeast("ssm-recalls", "The SSM with slow modes recalls the first of " + r.length()
                        + " tokens: held-out accuracy", r.accSsm(), 0.9),
                Claim.atLeast("attention-recalls", "Self-attention also solves it (it sees every position): accuracy",
                        r.accAttention(), 0.9),
                Claim.atMost("short-memory-fails", "With only short timescales Ā^L ≈ 0 and the SSM stays near chance "
                        + "(0.25): accuracy", r.accFast(), 0.45),
                Claim.atMost("views-agree", "Recurrent and convolutional views give the same outputs: max relative "
                        + "difference", r.relDiff(), 1e-5),
                Claim.between("ssm-bytes-linear", "The SSM recurrence materialises memory linear in L: log-log slope of "
                        + "the bytes one forward pass creates (longest 3 lengths)", tailSlope(r.lengths(), r.ssmBytes()),
                        0.9, 1.1),
                Claim.between("attention-bytes-quadratic", "Attention materialises its L×L score matrices, so its memory "
                        + "grows close to L²: log-log slope of the bytes (longest 3 lengths)",
                        tailSlope(r.lengths(), r.attentionBytes()), 1.7, 2.05),
                Claim.between("ssm-time-linear", "SSM recurrence time grows about linearly with L (a quadratic cost "
                        + "would give 2): log-log slope of the median time (longest 3 lengths)",
                        tailSlope(r.lengths(), r.ssmSeconds()), 0.7, 1.5).timing(),
                Claim.between("attention-time-quadratic", "Attention time grows about quadratically with L (linear would "
                        + "give 1, cubic 3): log-log slope of the median time (longest 3 lengths)",
                        tailSlope(r.lengths(), r.attentionSeconds()), 1.5, 2.6).timing());
    }

    /** Log-log slope over the three longest lengths. */
    static double tailSlope(double[] x, double[] y) {
        int from = Math.max(0, x.length - 3);
        return Fit.logLog(Arrays.copyOfRange(x, from, x.length), Arrays.copyOfRange(y, from, y.length)).slope();
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int length = s.length();
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss, recall of the first token (L = " + length + ")", "step",
                "cross-entropy", false);

        Engine.getInstance().setRandomSeed((int) s.seed());
        Weights slow = new Weights(m, s.lr());
        DiagonalSsm ssm = ssmModel(slow, m, s.dtMin(), s.dtMax());
        double accSsm = train(s, ctx, slow, x -> ssmLogits(slow, ssm, x), "SSM, Δ ∈ [" + Claim.num(s.dtMin()) + ", "
                + Claim.num(s.dtMax()) + "]", 0);

        Engine.getInstance().setRandomSeed((int) s.seed());
        Weights fast = new Weights(m, s.lr());
        DiagonalSsm fastSsm = ssmModel(fast, m, FAST[0], FAST[1]);
        double accFast = train(s, ctx, fast, x -> ssmLogits(fast, fastSsm, x), "SSM, Δ ∈ [0.5, 1] (short memory)", 1);

        Engine.getInstance().setRandomSeed((int) s.seed());
        Weights att = Weights.clipped(m, s.attentionLr(), 1.0);
        PreLnEncoderBlock block = new PreLnEncoderBlock(EMBED, 2, 2 * EMBED);
        block.initialize(m, DataType.FLOAT32, new Shape(1, length, EMBED));
        att.addBlock("block", block);
        att.dense("embed", VOCAB, EMBED);
        att.normal("pos", 0.1, length, EMBED);
        att.dense("head", EMBED, KEYS);
        ParameterStore ps = new ParameterStore(m, false);
        double accAtt = train(s, ctx, att, x -> attentionLogits(att, block, ps, x), "self-attention", 2);

        // Recurrent and convolutional views of the trained layer, on the same inputs.
        double absDiff;
        double relDiff;
        double[] kernel;
        try (NDManager sm = m.newSubManager()) {
            NDArray u = batch(sm, new Random(s.seed() + 99), 8, length)[0].matMul(slow.get("in.w")); // (8,L,H)
            NDArray conv = ssm.convolve(u);
            NDArray rec = ssm.recur(u, s.zeroOrderHold());
            absDiff = conv.sub(rec).abs().max().getFloat();
            relDiff = absDiff / conv.abs().max().getFloat();
            NDArray k = ssm.kernel(length).get(0);
            k.attach(sm);
            kernel = Plots.toDouble(k.toFloatArray());
        }
        double[][] cost = cost(s, ctx, ssm, block, ps);
        return new Run(length, accSsm, accFast, accAtt, slow.count(), fast.count(), att.count(), absDiff, relDiff, kernel,
                cost[0], cost[1], cost[2], cost[3], cost[4]);
    }

    @Override
    public Presentation present(Run r) {
        double[] lags = new double[r.kernel().length];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = i;
        }
        List<List<String>> timing = new ArrayList<>();
        for (int i = 0; i < r.lengths().length; i++) {
            timing.add(List.of(Claim.num(r.lengths()[i]), Claim.num(r.ssmBytes()[i] / 1024),
                    Claim.num(r.attentionBytes()[i] / 1024),
                    Claim.num(r.ssmSeconds()[i] * 1e3), Claim.num(r.attentionSeconds()[i] * 1e3)));
        }
        return Presentation.builder()
                .chart(Chart.line("kernel", "Learned SSM kernel K_k of channel 0 (its memory of lag k)", "lag k", "K_k",
                        List.of(new Series("K_k", lags, r.kernel()))))
                .chart(Chart.logLog("bytes", "Bytes one forward pass creates against sequence length (batch 1)",
                        "sequence length L", "bytes", List.of(new Series("SSM recurrence O(L)", r.lengths(), r.ssmBytes()),
                                new Series("self-attention O(L²)", r.lengths(), r.attentionBytes()))))
                .chart(Chart.logLog("timing", "Forward time against sequence length (batch 1, median of several calls)",
                        "sequence length L", "seconds",
                        List.of(new Series("SSM recurrence O(L)", r.lengths(), r.ssmSeconds()),
                                new Series("self-attention O(L²)", r.lengths(), r.attentionSeconds()))))
                .table(new Table("accuracy", "Held-out accuracy recalling the first of " + r.length()
                        + " tokens (chance 0.25)", List.of("model", "accuracy", "parameters"),
                        List.of(List.of("diagonal SSM (main)", Claim.num(r.accSsm()), Long.toString(r.paramsSsm())),
                                List.of("diagonal SSM, Δ in [0.5, 1]", Claim.num(r.accFast()),
                                        Long.toString(r.paramsFast())),
                                List.of("one pre-LN self-attention block", Claim.num(r.accAttention()),
                                        Long.toString(r.paramsAttention())))))
                .table(new Table("timing", "One forward pass, batch 1: bytes created (KiB) and median time (ms)",
                        List.of("L", "SSM KiB", "attention KiB", "SSM ms", "attention ms"), timing))
                .metric("max |recurrent − convolutional|", r.absDiff(), "")
                .metric("bytes slope, SSM recurrence (longest 3 lengths)", tailSlope(r.lengths(), r.ssmBytes()), "")
                .metric("bytes slope, attention (longest 3 lengths)", tailSlope(r.lengths(), r.attentionBytes()), "")
                .metric("time slope, SSM recurrence (longest 3 lengths)", tailSlope(r.lengths(), r.ssmSeconds()), "")
                .metric("time slope, attention (longest 3 lengths)", tailSlope(r.lengths(), r.attentionSeconds()), "")
                .note("Bytes: the sum of shape × element size of every array one forward pass left under its own "
                        + "manager (views such as the per-step slices count separately). Times depend on the machine and "
                        + "its load, so the time claims are checked by the benchmarks, not by the tests.")
                .build();
    }

    // --- the machinery -------------------------------------------------------------------------

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
        return w.apply("head", w.apply("mix", last).maximum(Scalars.of(0))); // (B,K)
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

    private static double train(Setup setup, DemoContext ctx, Weights w, Function<NDArray, NDArray> model, String name,
                                int run) {
        NDManager m = ctx.manager();
        Random rnd = new Random(setup.seed() + run);
        int steps = setup.steps();
        double running = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                NDArray[] xy = batch(s, rnd, 32, setup.length());
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = crossEntropy(model.apply(xy[0]), xy[1]);
                    gc.backward(loss);
                }
                w.step();
                double l = ctx.checkFinite("loss (" + name + ")", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.9 * running + 0.1 * l;
            }
            if (step % 5 == 0 || step == 1) {
                ctx.point("loss", name, step, running);
                ctx.progress(run * steps + step, 3 * steps, "training " + name);
            }
        }
        try (NDManager s = m.newSubManager()) {
            NDArray[] xy = batch(s, new Random(setup.seed() + 1000), 512, setup.length());
            NDArray pred = model.apply(xy[0]).argMax(1).toType(DataType.FLOAT32, false);
            return pred.eq(xy[1]).toType(DataType.FLOAT32, false).mean().getFloat();
        }
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray onehot = labels.toType(DataType.INT64, false).oneHot(KEYS); // (B,K)
        return logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg();
    }

    /**
     * For growing L, batch 1: the bytes one forward pass of the SSM recurrence and of the attention
     * block leave under a fresh manager, and the median time of several passes after a warm-up.
     * Rows: lengths, SSM bytes, attention bytes, SSM seconds, attention seconds.
     */
    private static double[][] cost(Setup s, DemoContext ctx, DiagonalSsm ssm, PreLnEncoderBlock block, ParameterStore ps) {
        NDManager m = ctx.manager();
        List<Integer> lengths = new ArrayList<>();
        for (int l = s.quick() ? 256 : 128; l <= s.maxTimingLength(); l *= 2) {
            lengths.add(l);
        }
        double[][] out = new double[5][lengths.size()];
        for (int i = 0; i < lengths.size(); i++) {
            int l = lengths.get(i);
            try (NDManager sm = m.newSubManager()) {
                NDArray u = sm.randomNormal(new Shape(1, l, CHANNELS)); // (1,L,H)
                NDArray h = sm.randomNormal(new Shape(1, l, EMBED)); // (1,L,E)
                Runnable ssmPass = () -> forward(sm, u, x -> ssm.recur(x, s.zeroOrderHold()));
                Runnable attPass = () -> forward(sm, h, x -> block.forward(ps, new NDList(x), false).head());
                out[0][i] = l;
                out[1][i] = forwardBytes(sm, u, x -> ssm.recur(x, s.zeroOrderHold()));
                out[2][i] = forwardBytes(sm, h, x -> block.forward(ps, new NDList(x), false).head());
                out[3][i] = Timing.medianSeconds(1, 5, ssmPass);
                out[4][i] = Timing.medianSeconds(1, 5, attPass);
            }
            ctx.progress(i + 1, lengths.size(), "measuring L = " + l);
        }
        return out;
    }

    /** One forward pass on a copy of {@code x} in a fresh manager, waiting for the last position's output. */
    private static void forward(NDManager parent, NDArray x, Function<NDArray, NDArray> forward) {
        try (NDManager t = parent.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(t);
            forward.apply(in).get(new NDIndex(":, -1, :")).toFloatArray();
        }
    }

    /** Runs one forward pass on a copy of {@code x} in a fresh manager; returns the bytes it left there. */
    private static long forwardBytes(NDManager parent, NDArray x, Function<NDArray, NDArray> forward) {
        try (NDManager t = parent.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(t);
            NDArray y = forward.apply(in);
            y.get(new NDIndex(":, -1, :")).toFloatArray(); // wait for the result
            return MemoryProbe.liveBytes(t);
        }
    }
}
