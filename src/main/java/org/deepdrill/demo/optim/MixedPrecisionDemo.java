package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q20: fp32, fp16 and bf16 on the same computations. fp16 runs on the engine; bf16 casts crash
 * this CPU build, so bf16 is simulated by exact round-to-nearest-even on the float32 bits. Shows
 * overflow, underflow and swamping, then trains an MLP in real fp16 with and without loss scaling.
 */
public final class MixedPrecisionDemo extends LegacyDemo {
    public static final String ID = "mixed-precision";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Mixed precision: fp16, bf16 and loss scaling",
            "The ranges of fp32, fp16 and bf16 decoded from bits; our rounding checked against the engine's fp16 cast; "
                    + "overflow, underflow and swamping on the same computation; an MLP trained in fp16 with and "
                    + "without loss scaling against fp32.",
            List.of("q20-mixed-precision"),
            List.of(ParamSpec.ofInt("steps", "Training steps per run", 50, 2000, 300, 100, ""),
                    ParamSpec.ofDouble("lossWeight", "Weight α on the loss (small α = small gradients)", 1e-6, 1, 1e-5,
                            1e-5, "gradients scale with α; below ~1e-3 most fp16 gradients flush to zero"),
                    ParamSpec.ofInt("initScaleLog2", "Initial loss scale, log2", 0, 24, 16, 16,
                            "dynamic: halved on overflow, doubled after 100 clean steps"),
                    ParamSpec.ofInt("samples", "Random values for the rounding check", 1000, 1_000_000, 100_000, 20_000, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        ctx.liveChart("train", "MLP test loss: fp32, fp16, fp16 + loss scaling", "step", "cross-entropy", true);
        formats(ctx);
        ctx.progress(1, 5, "formats");
        roundingChecks(ctx, seed);
        ctx.progress(2, 5, "rounding checked");
        sameComputation(ctx, seed);
        ctx.progress(3, 5, "overflow and underflow");
        new Fp16Training(ctx).run();
        ctx.note("bf16: casting to BFLOAT16 aborts this CPU build of PyTorch, so every bf16 number here is simulated "
                + "exactly: float32 bits rounded to the top 16 with round-to-nearest-even (LowPrecision.java). "
                + "fp16 numbers come from the engine, except the format table, which decodes bit patterns.");
    }

    private static void formats(LegacyContext ctx) {
        FormatTable.Limits h = FormatTable.fp16();
        FormatTable.Limits b = FormatTable.bf16();
        ctx.table(FormatTable.table());
        ctx.metric("fp16 max finite", h.max(), "");
        ctx.metric("fp16 min normal", h.minNormal(), "");
        ctx.metric("bf16 max finite", b.max(), "");
        ctx.claim(Claim.near("fp16's largest finite value (bits 0x7BFF)", h.max(), 65504, 0));
        ctx.claim(Claim.near("fp16's smallest normal value 2^-14 (bits 0x0400)", h.minNormal(), 6.103515625e-5, 1e-12));
        ctx.claim(Claim.atLeast("bf16 keeps fp32's range (8 exponent bits): bf16 max / fp32 max", b.max() / Float.MAX_VALUE,
                0.99));
    }

    /** Our fp16 rounding against the engine's cast, including exact ties; bf16 checked to be the nearest neighbour. */
    private static void roundingChecks(LegacyContext ctx, int seed) {
        int n = ctx.params().getInt("samples");
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) {
                // exact midpoint between two adjacent fp16 values: a tie
                short bits = (short) rnd.nextInt(0x7BFF);
                float lo = LowPrecision.fromFp16Bits(bits);
                float hi = LowPrecision.fromFp16Bits((short) (bits + 1));
                v[i] = (lo + hi) / 2;
            } else {
                double mag = Math.pow(2, -30 + 48 * rnd.nextDouble()); // 2^-30 … 2^18
                v[i] = (float) (rnd.nextBoolean() ? mag : -mag);
            }
        }
        float[] ours = LowPrecision.roundFp16(v);
        float[] engine;
        try (NDManager m = ctx.manager().newSubManager()) {
            engine = m.create(v).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
        }
        int mismatch = 0;
        for (int i = 0; i < n; i++) {
            if (Float.floatToIntBits(ours[i]) != Float.floatToIntBits(engine[i])) {
                mismatch++;
            }
        }
        int notNearest = 0;
        for (float x : v) {
            float r = LowPrecision.roundBf16(x);
            int t = Float.floatToRawIntBits(x) & 0xFFFF0000;
            float down = Float.intBitsToFloat(t);
            float up = Float.intBitsToFloat(t + 0x10000);
            double dd = Math.abs((double) x - down);
            double du = Math.abs((double) x - up);
            float want = dd < du ? down : du < dd ? up : (((t >>> 16) & 1) == 0 ? down : up);
            if (Float.floatToIntBits(r) != Float.floatToIntBits(want)) {
                notNearest++;
            }
        }
        ctx.metric("values checked", n, "");
        ctx.claim(Claim.atMost("Our fp16 rounding equals the engine's cast bit for bit (mismatches, ¼ of them exact ties)",
                mismatch, 0));
        ctx.claim(Claim.atMost("Our bf16 rounding picks the nearest bf16, ties to even (violations)", notNearest, 0));
    }

    /** The same numbers through the three formats: a squared norm, a naive softmax, a small update, tiny gradients. */
    private static void sameComputation(LegacyContext ctx, int seed) {
        Random rnd = new Random(seed + 1);
        int n = 256;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 30); // activations of size ~30
        }
        float[] logits = {12f, 3f, -2f, 0.5f};
        List<List<String>> rows = new ArrayList<>();
        double sq32;
        double sq16;
        double sm16;
        double upd16;
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray a = m.create(x); // (256)
            sq32 = a.square().sum().getFloat();
            sq16 = a.toType(DataType.FLOAT16, false).square().sum().toType(DataType.FLOAT32, false).getFloat();
            NDArray l16 = m.create(logits).toType(DataType.FLOAT16, false);
            NDArray e16 = l16.exp();
            sm16 = e16.div(e16.sum()).toType(DataType.FLOAT32, false).getFloat(0); // naive softmax, no max-subtraction
            NDArray w16 = m.create(new float[] {1f}).toType(DataType.FLOAT16, false);
            upd16 = w16.add(m.create(new float[] {1e-4f}).toType(DataType.FLOAT16, false))
                    .toType(DataType.FLOAT32, false).getFloat();
        }
        float[] xb = LowPrecision.roundBf16(x);
        double sqb = 0;
        for (float f : xb) {
            sqb += LowPrecision.roundBf16(f * f); // each product stored in bf16, summed in fp32
        }
        sqb = LowPrecision.roundBf16((float) sqb);
        double expb = Math.exp(LowPrecision.roundBf16(12f));
        double smb = LowPrecision.roundBf16((float) (LowPrecision.roundBf16((float) expb)
                / (LowPrecision.roundBf16((float) expb) + Math.exp(3) + Math.exp(-2) + Math.exp(0.5))));
        double sm32 = Math.exp(12) / (Math.exp(12) + Math.exp(3) + Math.exp(-2) + Math.exp(0.5));
        float updb = LowPrecision.roundBf16(1f + LowPrecision.roundBf16(1e-4f));
        float tiny = 3e-8f; // a typical small gradient
        rows.add(List.of("‖x‖², x ~ N(0, 30²), 256 values", Claim.num(sq32), Claim.num(sq16), Claim.num(sqb)));
        rows.add(List.of("naive softmax(12, 3, −2, 0.5)[0]", Claim.num(sm32), Claim.num(sm16), Claim.num(smb)));
        rows.add(List.of("w = 1 plus an update of 1e-4", Claim.num(1 + 1e-4), Claim.num(upd16), Claim.num(updb)));
        rows.add(List.of("a gradient of 3e-8", Claim.num(tiny), Claim.num(LowPrecision.roundFp16(tiny)),
                Claim.num(LowPrecision.roundBf16(tiny))));
        rows.add(List.of("a gradient of 1e-8", "1.00e-08", Claim.num(LowPrecision.roundFp16(1e-8f)),
                Claim.num(LowPrecision.roundBf16(1e-8f))));
        ctx.table(new Table("same", "The same computation in three formats (fp16 on the engine, bf16 simulated)",
                List.of("computation", "fp32", "fp16", "bf16"), rows));
        ctx.claim(new Claim("fp16 overflows on ‖x‖² ≈ " + Claim.num(sq32) + " > 65504", sq16, "= +∞",
                Double.isInfinite(sq16)));
        ctx.claim(new Claim("A naive fp16 softmax with a logit of 12 (e¹² ≈ 162755) gives NaN", sm16, "NaN",
                Double.isNaN(sm16)));
        ctx.claim(Claim.atMost("bf16 holds ‖x‖² with only rounding error: relative error", Math.abs(sqb - sq32) / sq32, 0.01));
        ctx.claim(Claim.near("Swamping: 1 + 1e-4 rounds back to 1 in fp16 (gap above 1 is 2^-10) — the reason for fp32 "
                + "master weights", upd16, 1, 0));
        ctx.claim(Claim.near("Underflow: 1e-8 flushes to 0 in fp16 (smallest subnormal 2^-24 ≈ 5.96e-8)",
                LowPrecision.roundFp16(1e-8f), 0, 0));
    }

    /** Where α-weighted fp32 gradients of one batch fall against the fp16 and bf16 limits. */
    private static void gradientHistogram(LegacyContext ctx, ImageData train, double alpha, long seed) {
        float[] all;
        try (NDManager m = ctx.manager().newSubManager()) {
            RawMlp net = RawMlp.create(m, new int[] {64, 128, 128, 8}, seed);
            m.tempAttachAll(train.x(), train.y());
            ImageData b = train.slice(0, 64);
            try (ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(RawMlp.crossEntropy(net.forward(b.x()), b.y()).mul(org.deepdrill.demo.lib.train.Scalars.of(alpha)));
            }
            List<NDArray> gs = new ArrayList<>();
            for (NDArray p : net.params()) {
                gs.add(p.getGradient().flatten());
            }
            all = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(gs)).toFloatArray();
        }
        int lo = -50;
        int hi = 0;
        double[] bins = new double[hi - lo];
        double[] counts = new double[hi - lo];
        int nonzero = 0;
        int flush16 = 0;
        int flushBf = 0;
        for (float g : all) {
            if (g == 0) {
                continue;
            }
            nonzero++;
            flush16 += LowPrecision.roundFp16(g) == 0 ? 1 : 0;
            flushBf += LowPrecision.roundBf16(g) == 0 ? 1 : 0;
            int e = (int) Math.floor(Math.log(Math.abs(g)) / Math.log(2));
            counts[Math.max(lo, Math.min(hi - 1, e)) - lo]++;
        }
        for (int i = 0; i < bins.length; i++) {
            bins[i] = lo + i;
        }
        ctx.chart(Chart.line("grad-hist", "fp32 gradients × α at initialisation: count per power of two "
                        + "(fp16 flushes below 2^-25, its normals start at 2^-14)", "log2 |g|", "entries",
                List.of(new Series("gradient entries", bins, counts))));
        double f16 = (double) flush16 / Math.max(1, nonzero);
        double fbf = (double) flushBf / Math.max(1, nonzero);
        ctx.metric("gradient entries that flush to 0 in fp16", f16, "");
        ctx.metric("gradient entries that flush to 0 in bf16", fbf, "");
        ctx.claim(Claim.atLeast("Same gradients, fp16 cast: fraction that flushes to zero", f16, 0.2));
        ctx.claim(Claim.atMost("Same gradients, bf16 cast (8 exponent bits): fraction that flushes to zero", fbf, 0));
    }

    /** An MLP trained three ways: fp32; fp16 forward/backward on the engine; the same with dynamic loss scaling. */
    private static final class Fp16Training {
        private final LegacyContext ctx;
        private final int steps;
        private final double alpha;
        private final ImageData train;
        private final ImageData test;
        private final int seed;

        Fp16Training(LegacyContext ctx) {
            this.ctx = ctx;
            this.steps = ctx.params().getInt("steps");
            this.alpha = ctx.params().getDouble("lossWeight");
            this.seed = ctx.params().getInt("seed");
            this.train = ImageData.generate(ctx.manager(), 4096, 8, 8, 0.6, seed);
            this.test = ImageData.generate(ctx.manager(), 1024, 8, 8, 0.6, seed + 1);
        }

        void run() {
            gradientHistogram(ctx, train, alpha, seed);
            Mixed.Result full = Mixed.train(ctx, train, test, steps, alpha, seed, DataType.FLOAT32, 0, "fp32");
            Mixed.Result plain = Mixed.train(ctx, train, test, steps, alpha, seed, DataType.FLOAT16, 0, "fp16, no scaling");
            int log2 = ctx.params().getInt("initScaleLog2");
            Mixed.Result scaled = Mixed.train(ctx, train, test, steps, alpha, seed, DataType.FLOAT16, log2,
                    "fp16 + dynamic loss scaling");
            ctx.progress(5, 5, "trained");
            ctx.chart(Chart.line("scale", "Dynamic loss scale (log2) per step", "step", "log2 S",
                    List.of(new Series("fp16 + dynamic loss scaling", scaled.stepsAxis(), scaled.scaleLog2()))));
            ctx.table(new Table("runs", "MLP 64-128-128-8, loss × α = " + Claim.num(alpha) + ", Adam lr 3e-3, "
                    + steps + " steps",
                    List.of("run", "test accuracy", "test loss", "zero gradient entries", "skipped steps", "final scale"),
                    List.of(full.row("fp32"), plain.row("fp16, no scaling"), scaled.row("fp16 + loss scaling"))));
            ctx.metric("zero-gradient fraction, fp16 unscaled", plain.zeroFraction(), "");
            ctx.metric("zero-gradient fraction, fp32", full.zeroFraction(), "");
            ctx.claim(Claim.atLeast("Without scaling, fp16 gradients vanish: extra fraction of zero entries vs fp32",
                    plain.zeroFraction() - full.zeroFraction(), 0.3));
            ctx.claim(Claim.atMost("With loss scaling the zero fraction is back to fp32's: difference",
                    Math.abs(scaled.zeroFraction() - full.zeroFraction()), 0.05));
            ctx.claim(Claim.atLeast("Unscaled fp16 trains worse: accuracy gap to fp32 (points)",
                    100 * (full.accuracy() - plain.accuracy()), 10));
            ctx.claim(Claim.atMost("Loss scaling recovers fp32 accuracy: gap (points)",
                    100 * Math.abs(full.accuracy() - scaled.accuracy()), 3));
        }
    }
}
