package org.deepdrill.demo.lib.train;

import ai.djl.pytorch.jni.JniUtils;
import org.deepdrill.demo.DemoContext;

/**
 * Runs work with PyTorch limited to one intra-op thread on the CPU, then restores the previous
 * count. Tiny models gain nothing from splitting each small op across threads, and on a busy shared
 * CPU the threads wait on each other for whole scheduler slices; on a GPU nothing changes.
 */
public final class OneThread implements AutoCloseable {
    private final int previous;
    private final boolean active;

    private OneThread(boolean active) {
        this.active = active;
        this.previous = active ? JniUtils.getNumThreads() : 0;
        if (active) {
            JniUtils.setNumThreads(1);
        }
    }

    public static OneThread on(DemoContext ctx) {
        return new OneThread(!ctx.device().isGpu());
    }

    @Override
    public void close() {
        if (active) {
            JniUtils.setNumThreads(previous);
        }
    }
}
