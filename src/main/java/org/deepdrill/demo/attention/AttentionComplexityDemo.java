package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.lib.train.OneThread;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.LinearAttention;
import org.deepdrill.demo.lib.blocks.LocalAttention;
import org.deepdrill.demo.lib.blocks.TiledAttention;
import org.deepdrill.demo.lib.stats.Fit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Q9: the cost of attention against sequence length. Standard softmax attention, linear attention
 * (φ = elu+1, plain and causal prefix-sum forms), blocked banded attention and tiled attention with
 * an online softmax are timed and memory-measured for n = 128, 256, … up to a user-set n that must
 * fit a memory budget; log-log slopes and the errors against standard attention are reported.
 */
public final class AttentionComplexityDemo extends LegacyDemo {
    public static final String ID = "attention-complexity";
    private static final long MIB = 1L << 20;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Attention cost: quadratic, linear, local, tiled",
            "Times and measures the memory of standard, linear (elu+1), banded and tiled (online-softmax) attention "
                    + "for n from 128 up to the largest n you allow, fits log-log slopes and checks each variant's "
                    + "error against standard attention. An n whose n×n score matrix exceeds the memory budget is refused.",
            List.of("q09-attention-complexity"),
            List.of(ParamSpec.ofInt("maxN", "Largest sequence length n", 256, 65_536, 2048, 2048,
                            "n runs over powers of two from 128 up to this value; its score matrix must fit the budget"),
                    ParamSpec.ofInt("budgetMB", "Memory budget for one score matrix (MiB)", 1, 8192, 64, 16,
                            "standard attention holds H·n·n floats of scores; larger n is refused"),
                    ParamSpec.ofInt("heads", "Heads H (batch is 1)", 1, 16, 1, 1, ""),
                    ParamSpec.ofInt("headDim", "Head size D", 8, 256, 128, 128, "linear attention costs n·D², standard n²·D"),
                    ParamSpec.ofInt("window", "Local attention half-width W", 8, 1024, 64, 32,
                            "each query sees keys within ±W; n must be a multiple of W"),
                    ParamSpec.ofInt("tile", "Key tile of tiled attention", 16, 4096, 128, 128, "keys per online-softmax step"),
                    ParamSpec.ofInt("repeats", "Timing rounds", 1, 50, 5, 3, "fastest of this many calls after a warm-up"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int maxN = ctx.params().getInt("maxN");
        long budget = ctx.params().getInt("budgetMB") * MIB;
        int h = ctx.params().getInt("heads");
        int d = ctx.params().getInt("headDim");
        int window = ctx.params().getInt("window");
        int tile = ctx.params().getInt("tile");
        int repeats = ctx.params().getInt("repeats");
        List<Integer> ns = lengths(maxN, h, budget, window);
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));

        // On the CPU, time with one intra-op thread and read the demo thread's CPU clock: other
        // programs on a shared machine then cannot stretch the long calls more than the short ones.
        boolean cpuClock = !ctx.device().isGpu() && ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported();
        try (OneThread one = OneThread.on(ctx)) {
            measure(ctx, ns, h, d, window, tile, repeats, budget, cpuClock);
        }
        errors(ctx, Math.min(maxN, 1024), h, d, window, tile);
        ctx.note("Memory is measured as the bytes of the tensors each variant holds open at its worst moment, "
                + "beyond q, k and v, read from DJL's array registry (shape × 4 bytes); it does not include "
                + "allocator caches or the process's resident size.");
        ctx.note(cpuClock
                ? "Times are the fastest of " + repeats + " interleaved calls, measured as the CPU time of the demo "
                + "thread with PyTorch limited to one thread during timing (restored afterwards), so other programs "
                + "sharing the cores do not distort the slopes. Wall-clock times are shown alongside."
                : "Times are the fastest of " + repeats + " interleaved calls, wall clock.");
        ctx.note("The causal prefix-sum form materialises all n prefix states (H·n·D·D floats) to stay loop-free; "
                + "run as a recurrence it needs one D×D state. It is skipped at an n where that tensor exceeds the budget.");
    }

    private void measure(LegacyContext ctx, List<Integer> ns, int h, int d, int window, int tile, int repeats,
                         long budget, boolean cpuClock) {
        List<AttentionVariant> variants = AttentionVariant.all(window, tile);
        int nv = variants.size();
        double[][] secs = new double[nv][ns.size()];
        double[][] cpu = new double[nv][ns.size()];
        double[][] bytes = new double[nv][ns.size()];
        boolean[][] ran = new boolean[nv][ns.size()];
        ctx.liveChart("time-live", "Time per call (live)", "n", "ms", true);
        int step = 0;
        ctx.progress(0, ns.size() * repeats, "n = " + ns.get(0));
        for (int i = 0; i < ns.size(); i++) {
            int n = ns.get(i);
            try (NDManager m = ctx.manager().newSubManager()) {
                NDArray q = m.randomNormal(new Shape(1, h, n, d)); // (B,H,n,D)
                NDArray k = m.randomNormal(new Shape(1, h, n, d)); // (B,H,n,D)
                NDArray v = m.randomNormal(new Shape(1, h, n, d)); // (B,H,n,D)
                for (int j = 0; j < nv; j++) {
                    ran[j][i] = j != 2 || prefixSumBytes(h, n, d) <= budget; // prefix sums (H,n,D,D) must fit
                    if (ran[j][i]) {
                        variants.get(j).seconds(q, k, v); // warm-up
                        bytes[j][i] = variants.get(j).peakExtraBytes(q, k, v);
                        secs[j][i] = Double.POSITIVE_INFINITY;
                        cpu[j][i] = Double.POSITIVE_INFINITY;
                    }
                }
                // Rounds over all variants, keeping each one's fastest call: on a shared CPU the
                // minimum is the estimate least disturbed by other processes.
                for (int r = 0; r < repeats; r++) {
                    for (int j = 0; j < nv; j++) {
                        if (ran[j][i]) {
                            double[] wc = variants.get(j).seconds(q, k, v);
                            secs[j][i] = Math.min(secs[j][i], wc[0]);
                            cpu[j][i] = Math.min(cpu[j][i], wc[1]);
                        }
                    }
                    ctx.progress(++step, ns.size() * repeats, "n = " + n + ", round " + (r + 1));
                }
                for (int j = 0; j < nv; j++) {
                    if (ran[j][i]) {
                        ctx.point("time-live", variants.get(j).name(), n, (cpuClock ? cpu : secs)[j][i] * 1e3);
                    }
                }
            }
        }
        report(ctx, ns, variants, cpuClock ? cpu : secs, secs, bytes, ran, h, d, cpuClock);
    }

    /** Powers of two from 128 to maxN; refuses maxN when its score matrix exceeds the budget. */
    static List<Integer> lengths(int maxN, int h, long budget, int window) {
        long need = scoreBytes(h, maxN);
        if (need > budget) {
            int fits = 128;
            while (scoreBytes(h, fits * 2) <= budget) {
                fits *= 2;
            }
            throw new ParamException(String.format(Locale.ROOT,
                    "Parameter 'maxN' = %d needs a score matrix of H·n·n·4 = %,d bytes (%.1f MiB), over the budget "
                            + "'budgetMB' = %d MiB. Raise budgetMB to at least %d or lower maxN (largest power of two "
                            + "that fits: %s).", maxN, need, need / (double) MIB, budget / MIB,
                    (need + MIB - 1) / MIB, scoreBytes(h, 128) <= budget ? Integer.toString(fits) : "none ≥ 128"));
        }
        List<Integer> ns = new ArrayList<>();
        for (int n = 128; n <= maxN; n *= 2) {
            ns.add(n);
        }
        if (128 % window != 0) {
            throw new ParamException("Parameter 'window' (" + window + ") must divide every n from 128 to " + maxN
                    + ": use 8, 16, 32, 64 or 128");
        }
        if (ns.size() < 3) {
            throw new ParamException("Parameter 'maxN' must be at least 512 so that three lengths can be fitted, got " + maxN);
        }
        return ns;
    }

    static long scoreBytes(int h, long n) {
        return 4L * h * n * n;
    }

    static long prefixSumBytes(int h, long n, long d) {
        return 4L * h * n * d * d;
    }

    private static void report(LegacyContext ctx, List<Integer> ns, List<AttentionVariant> variants, double[][] secs,
                               double[][] wall, double[][] bytes, boolean[][] ran, int h, int d, boolean cpuClock) {
        List<Series> time = new ArrayList<>();
        List<Series> wallTime = new ArrayList<>();
        List<Series> mem = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double[] timeSlope = new double[variants.size()];
        double[] memSlope = new double[variants.size()];
        for (int j = 0; j < variants.size(); j++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < ns.size(); i++) {
                if (ran[j][i]) {
                    pts.add(new double[] {ns.get(i), secs[j][i] * 1e3, bytes[j][i] / MIB, wall[j][i] * 1e3});
                }
            }
            if (pts.size() < 2) {
                timeSlope[j] = Double.NaN;
                memSlope[j] = Double.NaN;
                continue;
            }
            double[] x = col(pts, 0);
            double[] ms = col(pts, 1);
            double[] mb = col(pts, 2);
            double[] wallMs = col(pts, 3);
            String name = variants.get(j).name();
            time.add(new Series(name, x, ms));
            if (cpuClock) {
                wallTime.add(new Series(name, x, wallMs));
            }
            mem.add(new Series(name, x, mb));
            timeSlope[j] = slopeFrom(x, ms, 512);
            memSlope[j] = slopeFrom(x, mb, 512);
            rows.add(List.of(name, Claim.num(timeSlope[j]), Claim.num(memSlope[j]),
                    Claim.num(ms[ms.length - 1]), Claim.num(wallMs[wallMs.length - 1]), Claim.num(mb[mb.length - 1]),
                    Integer.toString((int) x[x.length - 1])));
            ctx.metric("time slope " + name, timeSlope[j], "");
            ctx.metric("memory slope " + name, memSlope[j], "");
        }
        String clock = cpuClock ? "CPU time, one thread" : "wall clock";
        ctx.chart(Chart.logLog("time", "Time per call against n (log-log, " + clock + ")", "n", "ms", time));
        if (cpuClock) {
            ctx.chart(Chart.logLog("wall", "Wall-clock time per call against n (log-log, shared CPU: noisy)", "n", "ms",
                    wallTime));
        }
        ctx.chart(Chart.logLog("memory", "Peak extra tensor memory against n (log-log, bytes of open tensors)", "n",
                "MiB", mem));
        ctx.table(new Table("slopes", "Fitted log-log slopes (H=" + h + ", D=" + d + ")",
                List.of("variant", "time slope (n ≥ 512)", "memory slope (n ≥ 512)", "ms at largest n (" + clock + ")",
                        "wall ms at largest n", "MiB at largest n", "largest n"),
                rows));

        ctx.claim(Claim.between("Standard attention's time grows like n²: log-log slope", timeSlope[0], 1.6, 2.4));
        ctx.claim(Claim.between("Linear attention's time grows like n: log-log slope", timeSlope[1], 0.6, 1.4));
        ctx.claim(Claim.between("Standard attention's memory grows like n² (its n·D terms pull the slope a little below 2 at small n): slope",
                memSlope[0], 1.75, 2.1));
        int last = ns.size() - 1;
        double matrix = scoreBytes(h, ns.get(last));
        ctx.claim(Claim.atLeast("At the largest n, standard attention holds at least one full n×n score matrix: extra memory / (H·n²·4 bytes)",
                bytes[0][last] / matrix, 1));
        ctx.claim(Claim.atMost("At the largest n, tiled attention holds less than one such matrix (and the ratio halves "
                + "with every doubling of n): extra memory / (H·n²·4 bytes)", bytes[4][last] / matrix, 1));
        ctx.claim(Claim.between("Tiled attention's extra memory grows linearly: slope", memSlope[4], 0.85, 1.15));
        ctx.claim(Claim.between("Banded attention's memory grows linearly: slope", memSlope[3], 0.85, 1.15));
    }

    /** Log-log slope over the points with x ≥ from, or the last three points if fewer qualify. */
    static double slopeFrom(double[] x, double[] y, double from) {
        int first = 0;
        while (first < x.length && x[first] < from) {
            first++;
        }
        first = Math.min(first, Math.max(0, x.length - 3));
        return Fit.logLog(java.util.Arrays.copyOfRange(x, first, x.length),
                java.util.Arrays.copyOfRange(y, first, y.length)).slope();
    }

    private static double[] col(List<double[]> pts, int c) {
        return pts.stream().mapToDouble(p -> p[c]).toArray();
    }

    /** Errors of each variant against the dense definition it should match or approximate. */
    private static void errors(LegacyContext ctx, int n, int h, int d, int window, int tile) {
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray q = m.randomNormal(new Shape(1, h, n, d)); // (B,H,n,D)
            NDArray k = m.randomNormal(new Shape(1, h, n, d));
            NDArray v = m.randomNormal(new Shape(1, h, n, d));
            NDArray causal = Attention.causalMask(m, n); // (1,1,n,n)
            NDArray full = Attention.scaledDotProduct(q, k, v, null).get(0); // (B,H,n,D)
            NDArray fullCausal = Attention.scaledDotProduct(q, k, v, causal).get(0);
            double tiled = diff(TiledAttention.forward(q, k, v, tile, false), full);
            double tiledCausal = diff(TiledAttention.forward(q, k, v, tile, true), fullCausal);
            NDArray local = LocalAttention.forward(q, k, v, window, false);
            double localBand = diff(local, Attention.scaledDotProduct(q, k, v, LocalAttention.bandMask(m, n, window, false)).get(0));
            double localFull = diff(local, full);
            double linearFull = diff(LinearAttention.forward(q, k, v), full);
            int nc = Math.min(n, 512);
            NDArray qc = q.get(":, :, :{}", nc);
            NDArray kc = k.get(":, :, :{}", nc);
            NDArray vc = v.get(":, :, :{}", nc);
            double prefix = diff(LinearAttention.causal(qc, kc, vc), LinearAttention.causalQuadratic(qc, kc, vc));
            double scale = full.abs().mean().getFloat();
            ctx.table(new Table("errors", "Max |error| at n = " + n + " (mean |standard output| = " + Claim.num(scale) + ")",
                    List.of("variant", "compared with", "max |error|", "kind"),
                    List.of(List.of("tiled", "standard", Claim.num(tiled), "exact up to rounding"),
                            List.of("tiled, causal", "standard, causal mask", Claim.num(tiledCausal), "exact up to rounding"),
                            List.of("local ±" + window, "standard with the same band mask", Claim.num(localBand), "exact up to rounding"),
                            List.of("local ±" + window, "standard (full)", Claim.num(localFull), "approximation: far keys dropped"),
                            List.of("linear (elu+1)", "standard (softmax)", Claim.num(linearFull), "a different kernel, not an approximation of softmax"),
                            List.of("linear causal, prefix sums (n=" + nc + ")", "masked quadratic form, same kernel",
                                    Claim.num(prefix), "exact up to rounding"))));
            ctx.metric("max error tiled vs standard", tiled, "");
            ctx.metric("max error linear vs softmax", linearFull, "");
            ctx.metric("max error local vs full", localFull, "");
            ctx.claim(Claim.atMost("Tiled attention equals standard attention: max |error|", tiled, 1e-5));
            ctx.claim(Claim.atMost("Tiled attention with a causal mask equals masked standard attention: max |error|",
                    tiledCausal, 1e-5));
            ctx.claim(Claim.atMost("Blocked banded attention equals band-masked standard attention: max |error|", localBand, 1e-5));
            ctx.claim(Claim.atMost("The causal prefix-sum form equals the masked quadratic form of the same kernel: max |error|",
                    prefix, 1e-4));
            ctx.claim(Claim.atLeast("Linear attention is not softmax attention: max |difference| on random inputs",
                    linearFull, 0.01));
        }
    }

    private static double diff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
