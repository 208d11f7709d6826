package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.LinearAttention;
import org.deepdrill.demo.lib.blocks.LocalAttention;
import org.deepdrill.demo.lib.blocks.TiledAttention;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.OneThread;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Q9: the cost of attention against sequence length. Standard softmax attention, linear attention
 * (φ = elu+1, plain and causal prefix-sum forms), blocked banded attention and tiled attention with
 * an online softmax are timed, and the bytes of the tensors each one allocates are counted, for
 * n = 128, 256, … up to a user-set n that must fit a memory budget. Log-log slopes and the errors
 * against standard attention are reported.
 */
public final class AttentionComplexityDemo implements Demo<AttentionComplexityDemo.Setup, AttentionComplexityDemo.Run> {
    public static final String ID = "attention-complexity";
    private static final long MIB = 1L << 20;
    /** Variant order in every array of the run. */
    static final int STANDARD = 0;
    static final int LINEAR = 1;
    static final int LINEAR_CAUSAL = 2;
    static final int LOCAL = 3;
    static final int TILED = 4;
    /** Slopes are fitted over n ≥ this (or the last three lengths). */
    private static final double FIT_FROM = 512;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Attention cost: quadratic, linear, local, tiled",
            "Times standard, linear (elu+1), banded and tiled (online-softmax) attention and counts the bytes of the "
                    + "tensors each allocates, for n from 128 up to the largest n you allow; fits log-log slopes and checks "
                    + "each variant's error against standard attention. An n whose n×n score matrix exceeds the memory "
                    + "budget is refused.",
            List.of("q09-attention-complexity"),
            List.of(ParamSpec.ofInt("maxN", "Largest sequence length n").range(512, 65_536).byDefault(2048)
                            .help("n runs over powers of two from 128 up to this value; its score matrix must fit the budget"),
                    ParamSpec.ofInt("budgetMB", "Memory budget for one score matrix (MiB)").range(1, 256).byDefault(64)
                            .quick(16).help("standard attention holds H·n·n floats of scores; larger n is refused"),
                    ParamSpec.ofInt("heads", "Heads H (batch is 1)").range(1, 16).byDefault(1),
                    ParamSpec.ofInt("headDim", "Head size D").range(8, 256).byDefault(128)
                            .help("linear attention costs n·D², standard n²·D"),
                    ParamSpec.ofChoice("window", "Local attention half-width W", List.of("8", "16", "32", "64", "128"),
                            "64", "32", "each query sees keys within ±W; W divides every n"),
                    ParamSpec.ofInt("tile", "Key tile of tiled attention").range(16, 256).byDefault(128)
                            .help("keys per online-softmax step; a tile as long as n is no tiling at all (the one-tile break)"),
                    ParamSpec.ofInt("repeats", "Timing rounds").range(1, 50).byDefault(5).quick(3)
                            .help("median of this many calls after a warm-up"),
                    ParamSpec.seed(5)));

    /**
     * Checked parameters. {@code factorised}: linear attention computes φ(K)ᵀV first;
     * {@code blocked}: local attention uses blocks of W; {@code tiled}: the online softmax visits
     * keys in tiles.
     */
    public record Setup(int maxN, long budgetBytes, int heads, int headDim, int window, int tile, int repeats, long seed,
                        boolean factorised, boolean blocked, boolean tiled) {
    }

    /** Max |error| at n (prefix sums at prefixN) against the dense form each variant should equal. */
    public record Errors(int n, int prefixN, double tiled, double tiledCausal, double band, double bandVsFull,
                         double linearVsSoftmax, double prefix, double meanOutput) {
    }

    /**
     * Per variant (rows in the order of {@link AttentionVariant#all}) and per n: median ms per call
     * (CPU time of the demo thread, or wall clock), median wall ms, bytes of the tensors it allocated
     * beyond q, k and v at its worst moment, and whether it ran at that n.
     */
    public record Run(int heads, int headDim, boolean cpuClock, int repeats, double[] n, List<String> names,
                      double[][] ms, double[][] wallMs, double[][] bytes, boolean[][] ran, Errors errors) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        Setup s = new Setup(p.getInt("maxN"), p.getInt("budgetMB") * MIB, p.getInt("heads"), p.getInt("headDim"),
                Integer.parseInt(p.get("window")), p.getInt("tile"), p.getInt("repeats"), p.getInt("seed"), true, true, true);
        lengths(s);
        return s;
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("linear-left-brackets", "Linear attention is computed as (φ(Q)φ(K)ᵀ)V: the same numbers, "
                                + "bracketed the other way", s -> with(s, false, s.blocked(), s.tiled()))
                        .flips("linear-memory-linear", "φ(Q)φ(K)ᵀ is an n×n matrix, so the bytes grow like n²")
                        .explainedIn("Linear attention: a different kernel, computed in O(n)")
                        .build(),
                Break.<Setup>of("band-as-full-mask", "Local attention is standard attention with a dense band mask",
                                s -> with(s, s.factorised(), false, s.tiled()))
                        .flips("banded-memory-linear", "the full n×n scores and mask are built, then mostly thrown away")
                        .explainedIn("Local (sliding-window) attention")
                        .build(),
                Break.<Setup>of("one-tile", "The online softmax gets one tile that spans every key",
                                s -> with(s, s.factorised(), s.blocked(), false))
                        .flips("tiled-below-matrix", "the single tile is the whole n×n score matrix")
                        .flips("tiled-memory-linear", "without tiling the live scores grow like n²")
                        .explainedIn("Tiled attention with an online softmax: exact, O(n) extra memory")
                        .build());
    }

    private static Setup with(Setup s, boolean factorised, boolean blocked, boolean tiled) {
        return new Setup(s.maxN(), s.budgetBytes(), s.heads(), s.headDim(), s.window(), s.tile(), s.repeats(), s.seed(),
                factorised, blocked, tiled);
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.n().length - 1;
        double matrix = 4.0 * r.heads() * r.n()[last] * r.n()[last];
        Errors e = r.errors();
        return List.of(
                Claim.between("standard-time-quadratic", "Standard attention's time grows like n²: log-log slope",
                        slope(r, STANDARD, r.ms()), 1.6, 2.4).timing(),
                Claim.between("linear-time-linear", "Linear attention's time grows like n: log-log slope",
                        slope(r, LINEAR, r.ms()), 0.6, 1.4).timing(),
                Claim.between("standard-memory-quadratic", "Standard attention's allocated bytes grow like n² (its n·D "
                        + "terms pull the slope a little below 2 at small n): log-log slope", slope(r, STANDARD, r.bytes()), 1.75, 2.1),
                Claim.between("linear-memory-linear", "Linear attention's allocated bytes grow like n: log-log slope",
                        slope(r, LINEAR, r.bytes()), 0.85, 1.15),
                Claim.atLeast("standard-holds-matrix", "At the largest n, standard attention holds at least one full n×n "
                        + "score matrix: bytes / (H·n²·4)", r.bytes()[STANDARD][last] / matrix, 1),
                Claim.atMost("tiled-below-matrix", "At the largest n, tiled attention never holds a whole n×n score matrix: "
                        + "bytes / (H·n²·4)", r.bytes()[TILED][last] / matrix, 1),
                Claim.between("tiled-memory-linear", "Tiled attention's bytes grow like n: log-log slope",
                        slope(r, TILED, r.bytes()), 0.85, 1.15),
                Claim.between("banded-memory-linear", "Banded attention's bytes grow like n: log-log slope",
                        slope(r, LOCAL, r.bytes()), 0.85, 1.15),
                Claim.atMost("tiled-exact", "Tiled attention equals standard attention: max |error|", e.tiled(), 1e-5),
                Claim.atMost("tiled-causal-exact", "Tiled attention with a causal mask equals masked standard attention: "
                        + "max |error|", e.tiledCausal(), 1e-5),
                Claim.atMost("banded-exact", "Blocked banded attention equals band-masked standard attention: max |error|",
                        e.band(), 1e-5),
                Claim.atMost("prefix-sum-exact", "The causal prefix-sum form equals the masked quadratic form of the same "
                        + "kernel: max |error|", e.prefix(), 1e-4));
    }

    /** Log-log slope of one variant's row over the lengths it ran at, from n ≥ 512 (or the last three). */
    static double slope(Run r, int variant, double[][] values) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < r.n().length; i++) {
            if (r.ran()[variant][i]) {
                pts.add(new double[] {r.n()[i], values[variant][i]});
            }
        }
        if (pts.size() < 2) {
            return Double.NaN;
        }
        double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
        int first = 0;
        while (first < x.length && x[first] < FIT_FROM) {
            first++;
        }
        first = Math.min(first, Math.max(0, x.length - 3));
        return Fit.logLog(Arrays.copyOfRange(x, first, x.length), Arrays.copyOfRange(y, first, y.length)).slope();
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        List<Integer> ns = lengths(s);
        Engine.getInstance().setRandomSeed((int) s.seed());
        List<AttentionVariant> variants = AttentionVariant.all(s.window(), s.tile(), s.factorised(), s.blocked(), s.tiled());
        int nv = variants.size();
        double[][] ms = new double[nv][ns.size()];
        double[][] wall = new double[nv][ns.size()];
        double[][] bytes = new double[nv][ns.size()];
        boolean[][] ran = new boolean[nv][ns.size()];
        // On the CPU, time with one intra-op thread and read the demo thread's CPU clock: other
        // programs on a shared machine then cannot stretch the long calls more than the short ones.
        boolean cpuClock = !ctx.device().isGpu() && ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported();
        ctx.liveChart("time-live", "Time per call (live)", "n", "ms", true);
        int total = ns.size() * s.repeats();
        int step = 0;
        try (OneThread one = OneThread.on(ctx)) {
            for (int i = 0; i < ns.size(); i++) {
                int n = ns.get(i);
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray q = m.randomNormal(new Shape(1, s.heads(), n, s.headDim())); // (B,H,n,D)
                    NDArray k = m.randomNormal(new Shape(1, s.heads(), n, s.headDim())); // (B,H,n,D)
                    NDArray v = m.randomNormal(new Shape(1, s.heads(), n, s.headDim())); // (B,H,n,D)
                    double[][] cpu = new double[nv][s.repeats()];
                    double[][] wc = new double[nv][s.repeats()];
                    for (int j = 0; j < nv; j++) {
                        // the prefix sums (H,n,D,D) must fit the budget
                        ran[j][i] = j != LINEAR_CAUSAL || prefixSumBytes(s.heads(), n, s.headDim()) <= s.budgetBytes();
                        if (ran[j][i]) {
                            variants.get(j).seconds(q, k, v); // warm-up
                            bytes[j][i] = variants.get(j).peakExtraBytes(q, k, v);
                        }
                    }
                    // Rounds over all variants, so a slow moment of the machine hits them all alike.
                    for (int rep = 0; rep < s.repeats(); rep++) {
                        for (int j = 0; j < nv; j++) {
                            if (ran[j][i]) {
                                double[] t = variants.get(j).seconds(q, k, v);
                                wc[j][rep] = t[0] * 1e3;
                                cpu[j][rep] = t[1] * 1e3;
                            }
                        }
                        ctx.progress(++step, total, "n = " + n + ", round " + (rep + 1));
                    }
                    for (int j = 0; j < nv; j++) {
                        if (ran[j][i]) {
                            wall[j][i] = Fit.median(wc[j]);
                            ms[j][i] = cpuClock ? Fit.median(cpu[j]) : wall[j][i];
                            ctx.point("time-live", variants.get(j).name(), n, ms[j][i]);
                        }
                    }
                }
            }
            Errors errors = errors(ctx, Math.min(s.maxN(), 1024), s.heads(), s.headDim(), s.window(), s.tile());
            double[] x = ns.stream().mapToDouble(Integer::doubleValue).toArray();
            return new Run(s.heads(), s.headDim(), cpuClock, s.repeats(), x,
                    variants.stream().map(AttentionVariant::name).toList(), ms, wall, bytes, ran, errors);
        }
    }

    @Override
    public Presentation present(Run r) {
        List<Series> time = new ArrayList<>();
        List<Series> wallTime = new ArrayList<>();
        List<Series> mem = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Presentation.Builder p = Presentation.builder();
        for (int j = 0; j < r.names().size(); j++) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < r.n().length; i++) {
                if (r.ran()[j][i]) {
                    at.add(i);
                }
            }
            if (at.size() < 2) {
                continue;
            }
            double[] x = at.stream().mapToDouble(i -> r.n()[i]).toArray();
            int jj = j;
            double[] ms = at.stream().mapToDouble(i -> r.ms()[jj][i]).toArray();
            double[] wallMs = at.stream().mapToDouble(i -> r.wallMs()[jj][i]).toArray();
            double[] mib = at.stream().mapToDouble(i -> r.bytes()[jj][i] / MIB).toArray();
            String name = r.names().get(j);
            time.add(new Series(name, x, ms));
            wallTime.add(new Series(name, x, wallMs));
            mem.add(new Series(name, x, mib));
            double timeSlope = slope(r, j, r.ms());
            double memSlope = slope(r, j, r.bytes());
            int last = x.length - 1;
            rows.add(List.of(name, Claim.num(timeSlope), Claim.num(memSlope), Claim.num(ms[last]), Claim.num(wallMs[last]),
                    Claim.num(mib[last]), Integer.toString((int) x[last])));
            p.metric("time slope " + name, timeSlope, "").metric("memory slope " + name, memSlope, "");
        }
        String clock = r.cpuClock() ? "CPU time, one thread" : "wall clock";
        p.chart(Chart.logLog("time", "Time per call against n (log-log, " + clock + ")", "n", "ms", time));
        if (r.cpuClock()) {
            p.chart(Chart.logLog("wall", "Wall-clock time per call against n (log-log, shared CPU: noisy)", "n", "ms",
                    wallTime));
        }
        Errors e = r.errors();
        return p.chart(Chart.logLog("memory", "Bytes each variant allocates beyond q, k, v, at its worst moment (log-log)",
                        "n", "MiB", mem))
                .table(new Table("slopes", "Fitted log-log slopes (H=" + r.heads() + ", D=" + r.headDim() + ")",
                        List.of("variant", "time slope (n ≥ 512)", "memory slope (n ≥ 512)", "ms at largest n (" + clock + ")",
                                "wall ms at largest n", "MiB at largest n", "largest n"), rows))
                .table(new Table("errors", "Max |error| at n = " + e.n() + " (mean |standard output| = "
                        + Claim.num(e.meanOutput()) + ")", List.of("variant", "compared with", "max |error|", "kind"),
                        List.of(List.of("tiled", "standard", Claim.num(e.tiled()), "exact up to rounding"),
                                List.of("tiled, causal", "standard, causal mask", Claim.num(e.tiledCausal()), "exact up to rounding"),
                                List.of("local (blocked)", "standard with the same band mask", Claim.num(e.band()),
                                        "exact up to rounding"),
                                List.of("local (blocked)", "standard (full)", Claim.num(e.bandVsFull()),
                                        "approximation: far keys dropped"),
                                List.of("linear (elu+1)", "standard (softmax)", Claim.num(e.linearVsSoftmax()),
                                        "a different kernel, not an approximation of softmax"),
                                List.of("linear causal, prefix sums (one head, n=" + e.prefixN() + ")", "masked quadratic form, same kernel",
                                        Claim.num(e.prefix()), "exact up to rounding"))))
                .metric("max error tiled vs standard", e.tiled(), "")
                .metric("max error linear vs softmax", e.linearVsSoftmax(), "")
                .metric("max error local vs full", e.bandVsFull(), "")
                .note("Memory is the bytes of the tensors each variant has allocated and not yet freed at its worst moment, "
                        + "beyond q, k and v, read from DJL's registry of open arrays (shape × 4 bytes); it does not include "
                        + "allocator caches or the process's resident size.")
                .note(r.cpuClock()
                        ? "Times are the median of " + r.repeats() + " interleaved calls after a warm-up, measured as the CPU "
                        + "time of the demo thread with PyTorch limited to one thread, so other programs sharing the cores "
                        + "do not distort the slopes. Wall-clock times are shown alongside."
                        : "Times are the median of " + r.repeats() + " interleaved calls after a warm-up, wall clock.")
                .note("The causal prefix-sum form materialises all n prefix states (H·n·D·D floats) to stay loop-free; "
                        + "run as a recurrence it needs one D×D state. It is skipped at an n where that tensor exceeds the budget.")
                .build();
    }

    /** Powers of two from 128 to maxN; refuses maxN when its score matrix exceeds the budget. */
    static List<Integer> lengths(Setup s) {
        long need = scoreBytes(s.heads(), s.maxN());
        long budget = s.budgetBytes();
        if (need > budget) {
            int fits = 128;
            while (scoreBytes(s.heads(), fits * 2L) <= budget) {
                fits *= 2;
            }
            throw new ParamException(String.format(Locale.ROOT,
                    "Parameter 'maxN' = %d needs a score matrix of H·n·n·4 = %,d bytes (%.1f MiB), over the budget "
                            + "'budgetMB' = %d MiB. Raise budgetMB to at least %d or lower maxN (largest power of two "
                            + "that fits: %s).", s.maxN(), need, need / (double) MIB, budget / MIB,
                    (need + MIB - 1) / MIB, scoreBytes(s.heads(), 512) <= budget ? Integer.toString(fits) : "none ≥ 512"));
        }
        // The fitted lengths start at maxN/4: there n must be well above D and the tile, or the n·D and
        // n·tile terms, not the n×n scores, set the slopes.
        if (s.maxN() < 16L * s.headDim() || s.maxN() < 8L * s.tile()) {
            throw new ParamException("Parameter 'maxN' (" + s.maxN() + ") must be at least 16 × 'headDim' = "
                    + 16 * s.headDim() + " and 8 × 'tile' = " + 8 * s.tile()
                    + ": below that the n·D and n·tile terms, not the n×n scores, dominate the fitted lengths");
        }
        List<Integer> ns = new ArrayList<>();
        for (int n = 128; n <= s.maxN(); n *= 2) {
            ns.add(n);
        }
        return ns;
    }

    static long scoreBytes(int h, long n) {
        return 4L * h * n * n;
    }

    static long prefixSumBytes(int h, long n, long d) {
        return 4L * h * n * d * d;
    }

    /** Errors of each variant against the dense definition it should match or approximate. */
    private static Errors errors(DemoContext ctx, int n, int h, int d, int window, int tile) {
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
            double band = diff(local, Attention.scaledDotProduct(q, k, v, LocalAttention.bandMask(m, n, window, false)).get(0));
            double bandVsFull = diff(local, full);
            double linear = diff(LinearAttention.forward(q, k, v), full);
            int nc = Math.min(n, 256); // one head, D ≤ 32: the (n,D,D) prefix states stay within 1 MiB
            int dc = Math.min(d, 32);
            NDArray qc = q.get(":, 0:1, :{}, :{}", nc, dc);
            NDArray kc = k.get(":, 0:1, :{}, :{}", nc, dc);
            NDArray vc = v.get(":, 0:1, :{}, :{}", nc, dc);
            double prefix = diff(LinearAttention.causal(qc, kc, vc), LinearAttention.causalQuadratic(qc, kc, vc));
            return new Errors(n, nc, tiled, tiledCausal, band, bandVsFull, linear, prefix, full.abs().mean().getFloat());
        }
    }

    private static double diff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
