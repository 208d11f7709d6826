package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q20: fp32, fp16 and bf16 on the same computations. fp16 runs on the engine; bf16 casts crash
 * this CPU build, so bf16 is simulated by exact round-to-nearest-even on the float32 bits. Shows
 * overflow, underflow and swamping, then trains an MLP in real fp16 with and without loss scaling.
 */
public final class MixedPrecisionDemo implements Demo<MixedPrecisionDemo.Setup, MixedPrecisionDemo.Run> {
    public static final String ID = "mixed-precision";
    static final List<String> RUNS = List.of("fp32", "fp16, no scaling", "fp16 + dynamic loss scaling");

    private static final DemoSpec SPEC = new DemoSpec(ID, "Mixed precision: fp16, bf16 and loss scaling",
            "The ranges of fp32, fp16 and bf16 decoded from bits; our rounding checked against the engine's fp16 cast; "
                    + "overflow, underflow and swamping on the same computation; an MLP trained in fp16 with and "
                    + "without loss scaling against fp32.",
            List.of("q20-mixed-precision"),
            List.of(ParamSpec.ofInt("steps", "Training steps per run").range(50, 2000).byDefault(300).quick(100),
                    ParamSpec.ofDouble("lossWeight", "Weight α on the loss (small α = small gradients)").range(1e-6, 1e-5)
                            .byDefault(1e-5).help("gradients scale with α; at most 1e-5, because from about 3e-5 up too few "
                                    + "fp16 gradients flush to zero for unscaled fp16 to fall behind, which is what the "
                                    + "demo is about"),
                    ParamSpec.ofInt("initScaleLog2", "Initial loss scale, log2").range(12, 24).byDefault(16)
                            .help("dynamic: halved on overflow, doubled after 100 clean steps; at least 2^12, because a "
                                    + "small start (2^0 is the no-loss-scaling break) leaves the scaled run flushing its "
                                    + "gradients until the scale has grown"),
                    ParamSpec.ofInt("samples", "Random values for the rounding check").range(1000, 1_000_000)
                            .byDefault(100_000).quick(20_000),
                    ParamSpec.seed(5)));

    /** Checked parameters; {@code lossScaling} is what the break turns off. */
    public record Setup(int steps, double lossWeight, int initScaleLog2, int samples, long seed, boolean lossScaling) {
        Setup unscaled() {
            return new Setup(steps, lossWeight, initScaleLog2, samples, seed, false);
        }
    }

    /**
     * Rounding check counts; the same computations in fp32, fp16 (engine) and bf16 (simulated); where α-weighted
     * gradients fall, by power of two, and the fractions that flush; then per training run (fp32, fp16, fp16 +
     * scaling) accuracy, loss, zero-gradient fraction, skipped steps and final scale, and the scale per step.
     */
    public record Run(int samples, int fp16Mismatches, int bf16Violations, double[] norm, double[] softmax,
                      double[] update, double[] tiny, double[] histBins, double[] histCounts, double flushFp16,
                      double flushBf16, double lossWeight, double[] accuracy, double[] loss, double[] zeroFraction,
                      int[] skipped, double[] finalScale, double[] scaleLog2) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getDouble("lossWeight"), p.getInt("initScaleLog2"), p.getInt("samples"),
                p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-loss-scaling", "The fp16 run that should scale its loss keeps S = 1",
                        Setup::unscaled)
                .flips("scaling-restores-gradients", "small gradients round to zero in fp16 as in the unscaled run")
                .flips("scaling-recovers-accuracy", "with most gradients zero the model learns little")
                .explainedIn("The recipe")
                .build());
    }

    /** The promises. Pure: a record in, claims out. Index 0 is fp32, 1 fp16, 2 fp16 + loss scaling. */
    @Override
    public List<Claim> judge(Run r) {
        return List.of(
                Claim.atMost("rounding-matches-engine", "Our fp16 rounding equals the engine's cast bit for bit: "
                        + "mismatches over " + r.samples() + " values, ¼ of them exact ties", r.fp16Mismatches(), 0),
                Claim.atLeast("gradients-flush-fp16", "A sizeable share of the α-weighted fp32 gradients flushes to zero "
                        + "when cast to fp16: fraction (at least a tenth)", r.flushFp16(), 0.1),
                Claim.atLeast("fp16-gradients-vanish", "Without scaling, fp16 gradients vanish in training: extra fraction "
                        + "of zero entries vs fp32", r.zeroFraction()[1] - r.zeroFraction()[0], 0.3),
                Claim.atMost("scaling-restores-gradients", "With loss scaling the zero fraction is back to fp32's: "
                        + "difference", Math.abs(r.zeroFraction()[2] - r.zeroFraction()[0]), 0.05),
                Claim.atLeast("fp16-trains-worse", "Unscaled fp16 trains worse: accuracy gap to fp32 (points)",
                        100 * (r.accuracy()[0] - r.accuracy()[1]), 10),
                Claim.atMost("scaling-recovers-accuracy", "Loss scaling recovers fp32 accuracy: gap (points)",
                        100 * Math.abs(r.accuracy()[0] - r.accuracy()[2]), 3));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        ctx.liveChart("train", "MLP test loss: fp32, fp16, fp16 + loss scaling", "step", "cross-entropy", true);
        int[] rounding = roundingChecks(ctx.manager(), s.samples(), s.seed());
        ctx.progress(1, 5, "rounding checked");
        double[][] same = sameComputation(ctx.manager(), s.seed());
        ctx.progress(2, 5, "overflow and underflow");
        ImageData train = ImageData.generate(ctx.manager(), 4096, 8, 8, 0.6, s.seed());
        ImageData test = ImageData.generate(ctx.manager(), 1024, 8, 8, 0.6, s.seed() + 1);
        float[] grads = initialGradients(ctx.manager(), train, s.lossWeight(), s.seed());
        double[][] hist = histogram(grads);
        ctx.progress(3, 5, "gradient histogram");
        Mixed.Result[] runs = {
            Mixed.train(ctx, train, test, s.steps(), s.lossWeight(), s.seed(), DataType.FLOAT32, false, 0, RUNS.get(0)),
            Mixed.train(ctx, train, test, s.steps(), s.lossWeight(), s.seed(), DataType.FLOAT16, false, 0, RUNS.get(1)),
            Mixed.train(ctx, train, test, s.steps(), s.lossWeight(), s.seed(), DataType.FLOAT16, s.lossScaling(),
                    s.initScaleLog2(), RUNS.get(2))};
        ctx.progress(5, 5, "trained");
        double[] acc = new double[3];
        double[] loss = new double[3];
        double[] zeros = new double[3];
        int[] skipped = new int[3];
        double[] scale = new double[3];
        for (int i = 0; i < 3; i++) {
            acc[i] = runs[i].accuracy();
            loss[i] = runs[i].loss();
            zeros[i] = runs[i].zeroFraction();
            skipped[i] = runs[i].skipped();
            scale[i] = runs[i].finalScale();
        }
        return new Run(s.samples(), rounding[0], rounding[1], same[0], same[1], same[2], same[3], hist[0], hist[1],
                hist[2][0], hist[2][1], s.lossWeight(), acc, loss, zeros, skipped, scale, runs[2].scaleLog2());
    }

    @Override
    public Presentation present(Run r) {
        int steps = r.scaleLog2().length;
        double[] axis = new double[steps];
        for (int i = 0; i < steps; i++) {
            axis[i] = i + 1;
        }
        List<List<String>> same = List.of(
                row("‖x‖², x ~ N(0, 30²), 256 values", r.norm()),
                row("naive softmax(12, 3, −2, 0.5)[0]", r.softmax()),
                row("w = 1 plus an update of 1e-4", r.update()),
                row("a gradient of 1e-8", r.tiny()));
        List<List<String>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(List.of(RUNS.get(i), Claim.num(r.accuracy()[i]), Claim.num(r.loss()[i]),
                    Claim.num(r.zeroFraction()[i]), Integer.toString(r.skipped()[i]),
                    r.finalScale()[i] == 0 ? "—" : Claim.num(r.finalScale()[i])));
        }
        FormatTable.Limits h = FormatTable.fp16();
        return Presentation.builder()
                .table(FormatTable.table())
                .table(new Table("same", "The same computation in three formats (fp16 on the engine, bf16 simulated)",
                        List.of("computation", "fp32", "fp16", "bf16"), same))
                .chart(Chart.line("grad-hist", "fp32 gradients × α at initialisation: count per power of two "
                                + "(fp16 flushes at 2^-25 and below, its normals start at 2^-14)", "log2 |g|", "entries",
                        List.of(new Series("gradient entries", r.histBins(), r.histCounts()))))
                .chart(Chart.line("scale", "Dynamic loss scale (log2) per step", "step", "log2 S",
                        List.of(new Series(RUNS.get(2), axis, r.scaleLog2()))))
                .table(new Table("runs", "MLP 64-128-128-8, loss × α = " + Claim.num(r.lossWeight()) + ", Adam lr 3e-3, "
                        + steps + " steps", List.of("run", "test accuracy", "test loss", "zero gradient entries",
                        "skipped steps", "final scale"), runs))
                .metric("fp16 max finite (bits 0x7BFF)", h.max(), "")
                .metric("fp16 min normal (bits 0x0400)", h.minNormal(), "")
                .metric("bf16 max finite / fp32 max", FormatTable.bf16().max() / Float.MAX_VALUE, "")
                .metric("values checked against the engine's fp16 cast", r.samples(), "")
                .metric("our bf16 rounding: values not rounded to the nearest bf16, ties to even", r.bf16Violations(), "")
                .metric("fp16 ‖x‖² overflows to +∞ (1 = yes; fp32 value " + Claim.num(r.norm()[0]) + " > 65504)",
                        Double.isInfinite(r.norm()[1]) ? 1 : 0, "")
                .metric("bf16 ‖x‖² (simulated): relative error against fp32", Math.abs(r.norm()[2] - r.norm()[0]) / r.norm()[0], "")
                .metric("1e-8 in fp16 (below the smallest subnormal 2^-24 ≈ 5.96e-8)", r.tiny()[1], "")
                .metric("gradient entries that flush to 0 in fp16", r.flushFp16(), "")
                .metric("gradient entries that flush to 0 in bf16", r.flushBf16(), "")
                .note("bf16: casting to BFLOAT16 aborts this CPU build of PyTorch, so every bf16 number here is simulated "
                        + "exactly: float32 bits rounded to the top 16 with round-to-nearest-even (LowPrecision.java). "
                        + "fp16 numbers come from the engine, except the format table, which decodes bit patterns.")
                .note("The overflow, underflow and bf16 rows are shown, not judged: the inputs are chosen to cross fp16's "
                        + "limits, so any IEEE-conforming engine gives these results, and the bf16 column comes from our own "
                        + "rounding, not the engine. The judged claims are the rounding check against the engine and what "
                        + "small gradients do to real fp16 training.")
                .build();
    }

    private static List<String> row(String name, double[] v) {
        return List.of(name, Claim.num(v[0]), Claim.num(v[1]), Claim.num(v[2]));
    }

    /** {fp16 mismatches against the engine's cast, bf16 values not rounded to the nearest}. */
    private static int[] roundingChecks(NDManager manager, int n, long seed) {
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
        try (NDManager m = manager.newSubManager()) {
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
        return new int[] {mismatch, notNearest};
    }

    /** {fp32, fp16, bf16} of: a squared norm, a naive softmax, a small update, a tiny gradient. */
    private static double[][] sameComputation(NDManager manager, long seed) {
        Random rnd = new Random(seed + 1);
        float[] x = new float[256];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 30); // activations of size ~30
        }
        float[] logits = {12f, 3f, -2f, 0.5f};
        double[] norm = new double[3];
        double[] softmax = new double[3];
        double[] update = new double[3];
        double[] tiny = new double[3];
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(x); // (256)
            norm[0] = a.square().sum().getFloat();
            norm[1] = half(a).square().sum().toType(DataType.FLOAT32, false).getFloat();
            NDArray e16 = half(m.create(logits)).exp();
            softmax[1] = e16.div(e16.sum()).toType(DataType.FLOAT32, false).getFloat(0); // no max-subtraction
            update[1] = half(m.create(new float[] {1f})).add(half(m.create(new float[] {1e-4f})))
                    .toType(DataType.FLOAT32, false).getFloat();
            tiny[1] = half(m.create(new float[] {1e-8f})).toType(DataType.FLOAT32, false).getFloat();
        }
        double sqb = 0;
        for (float f : LowPrecision.roundBf16(x)) {
            sqb += LowPrecision.roundBf16(f * f); // each product stored in bf16, summed in fp32
        }
        norm[2] = LowPrecision.roundBf16((float) sqb);
        float eb = LowPrecision.roundBf16((float) Math.exp(LowPrecision.roundBf16(12f)));
        softmax[0] = Math.exp(12) / (Math.exp(12) + Math.exp(3) + Math.exp(-2) + Math.exp(0.5));
        softmax[2] = LowPrecision.roundBf16((float) (eb / (eb + Math.exp(3) + Math.exp(-2) + Math.exp(0.5))));
        update[0] = 1 + 1e-4;
        update[2] = LowPrecision.roundBf16(1f + LowPrecision.roundBf16(1e-4f));
        tiny[0] = 1e-8;
        tiny[2] = LowPrecision.roundBf16(1e-8f);
        return new double[][] {norm, softmax, update, tiny};
    }

    private static NDArray half(NDArray a) {
        return a.toType(DataType.FLOAT16, false);
    }

    /** Every gradient entry of a fresh MLP on one batch, for the loss weighted by α, in fp32. */
    private static float[] initialGradients(NDManager manager, ImageData train, double alpha, long seed) {
        try (NDManager m = manager.newSubManager()) {
            RawMlp net = RawMlp.create(m, new int[] {64, 128, 128, 8}, seed);
            ImageData b = train.slice(0, 64);
            m.tempAttachAll(b.x(), b.y());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(RawMlp.crossEntropy(net.forward(b.x()), b.y()).mul(Scalars.of(alpha)));
            }
            List<NDArray> gs = new ArrayList<>();
            for (NDArray p : net.params()) {
                gs.add(p.getGradient().flatten());
            }
            return NDArrays.concat(new NDList(gs)).toFloatArray();
        }
    }

    /** {bins (log2), counts, {fraction flushing in fp16, in bf16}} of the non-zero entries. */
    private static double[][] histogram(float[] all) {
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
        int n = Math.max(1, nonzero);
        return new double[][] {bins, counts, {(double) flush16 / n, (double) flushBf / n}};
    }
}
