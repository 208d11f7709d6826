package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.LinearAttention;
import org.deepdrill.demo.lib.blocks.LocalAttention;
import org.deepdrill.demo.lib.blocks.MemoryProbe;
import org.deepdrill.demo.lib.blocks.TiledAttention;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * One way of computing attention over q, k, v (B,H,T,D), with the means to time it and to measure
 * the tensor bytes it keeps alive.
 */
record AttentionVariant(String name, Kernel kernel) {

    /** Computes the output; may sample {@code probe} at its own high-water points. */
    interface Kernel {
        NDArray apply(NDArray q, NDArray k, NDArray v, MemoryProbe probe);
    }

    /**
     * The five variants in a fixed order: standard, linear, linear causal, local, tiled.
     * {@code factorised = false} computes linear attention as (φ(Q)φ(K)ᵀ)V, the brackets the wrong
     * way round; {@code blocked = false} computes local attention as standard attention with a band
     * mask; {@code tiled = false} gives the online softmax one tile that spans every key.
     */
    static List<AttentionVariant> all(int window, int tile, boolean factorised, boolean blocked, boolean tiled) {
        return List.of(
                new AttentionVariant("standard", (q, k, v, p) -> standard(q, k, v)),
                new AttentionVariant("linear (elu+1)", factorised
                        ? (q, k, v, p) -> LinearAttention.forward(q, k, v)
                        : (q, k, v, p) -> linearQuadratic(q, k, v)),
                new AttentionVariant("linear causal (prefix sums)", (q, k, v, p) -> LinearAttention.causal(q, k, v)),
                new AttentionVariant("local (band ±" + window + ")", blocked
                        ? (q, k, v, p) -> LocalAttention.forward(q, k, v, window, false)
                        : (q, k, v, p) -> banded(q, k, v, window)),
                new AttentionVariant(tiled ? "tiled online softmax (tile " + tile + ")" : "online softmax, one tile of all keys",
                        (q, k, v, p) -> TiledAttention.forward(q, k, v, tiled ? tile : (int) k.getShape().get(2), false, p)));
    }

    /** The same kernel as {@link LinearAttention#forward}, bracketed as (φ(Q)φ(K)ᵀ)V: an n×n matrix. */
    static NDArray linearQuadratic(NDArray q, NDArray k, NDArray v) {
        NDArray a = LinearAttention.feature(q).matMul(LinearAttention.feature(k).swapAxes(-1, -2)); // (B,H,T,T)
        return a.matMul(v).div(a.sum(new int[] {3}, true)); // (B,H,T,D)
    }

    /** Local attention the slow way: full scores, then a dense band mask. */
    static NDArray banded(NDArray q, NDArray k, NDArray v, int window) {
        int t = (int) q.getShape().get(2);
        return Attention.scaledDotProduct(q, k, v, LocalAttention.bandMask(q.getManager(), t, window, false)).get(0);
    }

    /** softmax(q·kᵀ/√D)·v with the scale folded into q, so only two n×n tensors are made. */
    static NDArray standard(NDArray q, NDArray k, NDArray v) {
        double scale = 1 / Math.sqrt(q.getShape().get(3));
        return q.mul(org.deepdrill.demo.lib.train.Scalars.of(scale)).matMul(k.swapAxes(-1, -2)).softmax(-1).matMul(v); // (B,H,T,T) then (B,H,T,D)
    }

    /**
     * Wall seconds and this thread's CPU seconds for one call; its temporaries are freed before it
     * returns. With one intra-op thread PyTorch computes on the calling thread, so its CPU time is
     * the compute time, undisturbed by other programs sharing the cores.
     */
    double[] seconds(NDArray q, NDArray k, NDArray v) {
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try (NDManager s = q.getManager().newSubManager()) {
            borrow(s, q, k, v);
            kernel.apply(q, k, v, null);
        }
        long t1 = System.nanoTime();
        long c1 = CPU.getCurrentThreadCpuTime();
        return new double[] {(t1 - t0) / 1e9, (c1 - c0) / 1e9};
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * Peak bytes of live tensors beyond the inputs during one call, counted from the shapes of the
     * arrays DJL holds open (every temporary stays open until its manager closes).
     */
    long peakExtraBytes(NDArray q, NDArray k, NDArray v) {
        try (NDManager s = q.getManager().newSubManager()) {
            borrow(s, q, k, v);
            long inputs = MemoryProbe.liveBytes(s);
            MemoryProbe probe = new MemoryProbe(s);
            kernel.apply(q, k, v, probe);
            probe.sample();
            return probe.peak() - inputs;
        }
    }

    /** Runs the kernel once and copies the output out as a plain array. */
    float[] output(NDArray q, NDArray k, NDArray v) {
        try (NDManager s = q.getManager().newSubManager()) {
            borrow(s, q, k, v);
            return kernel.apply(q, k, v, null).toFloatArray();
        }
    }

    /** Temporarily moves the inputs into {@code s}, so every temporary lands there too. */
    private static void borrow(NDManager s, NDArray... arrays) {
        for (NDArray a : arrays) {
            a.tempAttach(s);
        }
    }
}
