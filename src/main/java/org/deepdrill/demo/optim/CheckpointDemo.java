package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Q23: gradient checkpointing written by hand, since DJL has no checkpoint API. Forward without
 * recording, keep only segment inputs, then per segment (last first) recompute under a gradient
 * collector and backpropagate sum(out · upstream). Gradients must match the plain backward.
 */
public final class CheckpointDemo extends LegacyDemo {
    public static final String ID = "gradient-checkpointing";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Gradient checkpointing: memory against recompute",
            "A stack of residual MLP blocks trained one step plainly and with hand-written checkpointing for every "
                    + "segment size: identical gradients, measured time, activation memory from the shapes kept, RSS.",
            List.of("q23-gradient-checkpointing"),
            List.of(ParamSpec.ofInt("blocks", "Residual blocks n", 2, 64, 16, 16, ""),
                    ParamSpec.ofInt("width", "Width W", 16, 1024, 256, 128, ""),
                    ParamSpec.ofInt("batch", "Batch B", 1, 1024, 128, 128, ""),
                    ParamSpec.ofInt("repeats", "Timing repeats (median)", 1, 20, 2, 2, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 17, 17, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int n = ctx.params().getInt("blocks");
        int w = ctx.params().getInt("width");
        int b = ctx.params().getInt("batch");
        int repeats = ctx.params().getInt("repeats");
        long perBlock = 4L * b * (w + 8L * w);
        if (perBlock * n > 1_500_000_000L) {
            throw new ParamException("blocks × batch × width too large: plain backward would keep "
                    + perBlock * n / 1_000_000 + " MB of activations (limit 1500 MB); lower 'batch' or 'width'");
        }
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
        NDManager m = ctx.manager();
        ctx.liveChart("time", "Time of one forward + backward against segment size", "segment size k (blocks)",
                "ms", false);
        ResidualStack net = new ResidualStack(m, n, w, 4 * w);
        NDArray x = m.randomNormal(new Shape(b, w)); // (B,W)
        NDArray target = m.randomNormal(new Shape(b, w)); // (B,W)

        // Plain backward: reference gradients, time, RSS held after the forward.
        long[] rss = new long[2];
        List<float[]> ref = plain(net, x, target, rss);
        plain(net, x, target, null); // warm-up
        double plainMs = 1e3 * timed(repeats, () -> plain(net, x, target, null));
        ctx.point("time", "plain backward", 1, plainMs);
        ctx.point("time", "plain backward", n, plainMs);
        ctx.progress(1, 3, "plain backward");

        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            if (n % k == 0) {
                ks.add(k);
            }
        }
        double[] kAxis = new double[ks.size()];
        double[] ms = new double[ks.size()];
        double[] bytes = new double[ks.size()];
        double[] theory = new double[ks.size()];
        double worst = 0;
        long[] rssCk = new long[2];
        int kRoot = ks.get(0);
        for (int i = 0; i < ks.size(); i++) {
            int k = ks.get(i);
            if (Math.abs(k - Math.sqrt(n)) < Math.abs(kRoot - Math.sqrt(n))) {
                kRoot = k;
            }
        }
        List<List<String>> rows = new ArrayList<>();
        long plainBytes = n * net.activationBytesPerBlock(b);
        for (int i = 0; i < ks.size(); i++) {
            int k = ks.get(i);
            long[] held = new long[1];
            List<float[]> grads = checkpointed(net, x, target, k, held, k == kRoot ? rssCk : null);
            worst = Math.max(worst, maxRelDiff(ref, grads));
            ms[i] = 1e3 * timed(repeats, () -> checkpointed(net, x, target, k, new long[1], null));
            kAxis[i] = k;
            bytes[i] = held[0];
            theory[i] = (double) (n / k) * net.boundaryBytes(b) + k * net.activationBytesPerBlock(b);
            ctx.point("time", "checkpointed", k, ms[i]);
            rows.add(List.of(Integer.toString(k), Integer.toString(n / k), Claim.num(ms[i]), Claim.num(ms[i] / plainMs),
                    Claim.num(held[0] / 1e6), Claim.num(held[0] / (double) plainBytes)));
            ctx.progress(2, 3, "segments of " + k);
        }
        ctx.chart(Chart.line("memory", "Activation memory held at the peak of backward (from the shapes kept)",
                "segment size k (blocks)", "MB", List.of(new Series("checkpointed (measured from kept arrays)", kAxis,
                                scale(bytes, 1e-6)), new Series("(n/k)·|x| + k·|block activations|", kAxis, scale(theory, 1e-6)),
                        new Series("plain backward", kAxis, scale(constant(kAxis.length, plainBytes), 1e-6)))));
        ctx.table(new Table("segments", "n = " + n + " blocks, B = " + b + ", W = " + w + ", hidden 4W; plain: "
                + Claim.num(plainMs) + " ms, " + Claim.num(plainBytes / 1e6) + " MB of activations",
                List.of("segment size k", "segments", "ms", "× plain time", "MB held", "× plain memory"), rows));

        int iRoot = ks.indexOf(kRoot);
        // The overhead claim uses interleaved pairs, so that load from other processes hits both sides alike.
        int pairs = Math.max(3, 2 * repeats + 1);
        double[] ratios = new double[pairs];
        final int kr = kRoot;
        for (int i = 0; i < pairs; i++) {
            double tp = timed(1, () -> plain(net, x, target, null));
            double tc = timed(1, () -> checkpointed(net, x, target, kr, new long[1], null));
            ratios[i] = tc / tp;
        }
        double overhead = Fit.median(ratios);
        ctx.metric("checkpointed / plain time at k = " + kRoot + ", median of " + pairs + " interleaved pairs", overhead, "×");
        int iBest = 0;
        for (int i = 1; i < bytes.length; i++) {
            if (bytes[i] < bytes[iBest]) {
                iBest = i;
            }
        }
        double kStar = Math.sqrt((double) n * net.boundaryBytes(b) / net.activationBytesPerBlock(b));
        ctx.metric("plain forward + backward", plainMs, "ms");
        ctx.metric("checkpointed at k = " + kRoot + " (≈ √n)", ms[iRoot], "ms");
        ctx.metric("RSS growth during the forward, plain", rss[1] - rss[0], "MB");
        ctx.metric("RSS growth during the forward, checkpointed k = " + kRoot, rssCk[1] - rssCk[0], "MB");
        ctx.metric("memory-optimal k from the shapes √(n·|x|/|block|)", kStar, "");
        ctx.note("RSS is the process's resident memory read from /proc/self/status before and after the forward pass; "
                + "the allocator may reuse freed pages, so read it as a rough check of the shape-based numbers.");

        ctx.claim(Claim.atMost("Checkpointed gradients equal the plain backward: max relative difference over all k",
                worst, 1e-5));
        ctx.claim(Claim.atMost("At k ≈ √n the activations held shrink: memory / plain memory",
                bytes[iRoot] / plainBytes, 2.5 / Math.sqrt(n)));
        ctx.claim(Claim.between("…for about one extra forward pass: time / plain time", overhead, 1.0, 2.5));
        ctx.claim(Claim.near("Measured memory follows (n/k)·|x| + k·|block|: ratio at k ≈ √n",
                bytes[iRoot] / theory[iRoot], 1, 0.05));
        ctx.claim(Claim.atMost("The memory-optimal segment size from the measurements is near √(n·|x|/|block|) = "
                + Claim.num(kStar) + ": |log2(k_best / k*)|", Math.abs(Math.log(kAxis[iBest] / kStar) / Math.log(2)), 1.0));
        ctx.progress(3, 3, "done");
    }

    /** Loss = ½·mean((out − target)²); returns every parameter's gradient. rss (if given) gets RSS before/after forward. */
    private static List<float[]> plain(ResidualStack net, NDArray x, NDArray target, long[] rss) {
        try (NDManager sm = x.getManager().newSubManager()) {
            // Results attach to their first operand's manager: with x and target on sm for the
            // call, every activation is freed when it returns.
            sm.tempAttachAll(x, target);
            List<NDArray> params = net.params(0, net.size());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                if (rss != null) {
                    rss[0] = rssMb();
                }
                NDArray out = net.forward(x, 0, net.size()); // (B,W), graph of every block alive
                NDArray loss = out.sub(target).square().mean().mul(org.deepdrill.demo.lib.train.Scalars.of(0.5));
                if (rss != null) {
                    rss[1] = rssMb();
                }
                gc.backward(loss);
            }
            List<float[]> grads = new ArrayList<>();
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(sm);
                grads.add(g.toFloatArray());
                g.subi(g);
            }
            return grads;
        }
    }

    /**
     * Checkpointing with segments of k blocks. held[0] gets the peak bytes of activations alive: the saved
     * boundaries plus the recomputed segment's tensors plus the upstream gradient.
     */
    private static List<float[]> checkpointed(ResidualStack net, NDArray x, NDArray target, int k, long[] held,
                                              long[] rss) {
        int n = net.size();
        int segments = n / k;
        long b = x.getShape().get(0);
        float[][][] grads = new float[segments][][];
        try (NDManager sm = x.getManager().newSubManager()) {
            sm.tempAttachAll(x, target);
            // 1. Forward without recording (grad mode is off outside a collector): keep segment inputs only.
            if (rss != null) {
                rss[0] = rssMb();
            }
            List<NDArray> inputs = new ArrayList<>();
            NDArray h = x;
            for (int s = 0; s < segments; s++) {
                inputs.add(h);
                NDArray next = net.forward(h, s * k, (s + 1) * k); // (B,W)
                next.attach(sm);
                h = next;
            }
            if (rss != null) {
                rss[1] = rssMb();
            }
            long boundaries = segments * net.boundaryBytes((int) b);
            NDArray upstream = h.sub(target).div(org.deepdrill.demo.lib.train.Scalars.of(h.getShape().size())); // dLoss/dout for ½·mean((out − t)²)
            // 2. Last segment first: recompute under the collector, backpropagate sum(out · upstream).
            for (int s = segments - 1; s >= 0; s--) {
                try (NDManager seg = sm.newSubManager()) {
                    NDArray in = inputs.get(s).duplicate(); // (B,W) a fresh leaf
                    in.attach(seg);
                    in.setRequiresGradient(true);
                    List<NDArray> params = net.params(s * k, (s + 1) * k);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(in, s * k, (s + 1) * k);
                        gc.backward(out.mul(upstream).sum());
                    }
                    grads[s] = new float[params.size()][];
                    for (int i = 0; i < params.size(); i++) {
                        NDArray g = params.get(i).getGradient();
                        g.attach(seg);
                        grads[s][i] = g.toFloatArray();
                        g.subi(g);
                    }
                    NDArray next = in.getGradient().duplicate(); // upstream for the segment below
                    next.attach(sm);
                    upstream = next;
                }
            }
            held[0] = boundaries + k * net.activationBytesPerBlock((int) b) + net.boundaryBytes((int) b);
        }
        List<float[]> out = new ArrayList<>();
        for (float[][] s : grads) {
            out.addAll(List.of(s));
        }
        return out;
    }

    private static double maxRelDiff(List<float[]> a, List<float[]> b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double max = 1e-12;
            double diff = 0;
            for (int j = 0; j < a.get(i).length; j++) {
                max = Math.max(max, Math.abs(a.get(i)[j]));
                diff = Math.max(diff, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
            worst = Math.max(worst, diff / max);
        }
        return worst;
    }

    private static double timed(int repeats, Runnable r) {
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long a = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - a) / 1e9;
        }
        return Fit.median(t);
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double[] scale(double[] v, double f) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * f;
        }
        return o;
    }

    private static double[] constant(int n, double v) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, v);
        return o;
    }
}
