package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Measures tensor memory the way DJL sees it: the bytes of all open arrays under a manager
 * (shape × element size), sampled when asked, keeping the largest value. It counts what our code
 * materialises, not the allocator's caches or the process's resident size.
 */
public final class MemoryProbe {
    private final NDManager root;
    private long peak;

    public MemoryProbe(NDManager root) {
        this.root = root;
    }

    /** Records the bytes open under the root manager now. */
    public long sample() {
        long now = liveBytes(root);
        peak = Math.max(peak, now);
        return now;
    }

    public long peak() {
        return peak;
    }

    /** Bytes of the open arrays under {@code manager}, including its sub-managers. */
    public static long liveBytes(NDManager manager) {
        long total = 0;
        for (NDArray a : manager.getManagedArrays()) {
            if (!a.isReleased()) {
                total += a.getShape().size() * a.getDataType().getNumOfBytes();
            }
        }
        return total;
    }
}
