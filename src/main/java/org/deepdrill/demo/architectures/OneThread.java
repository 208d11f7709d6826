package org.deepdrill.demo.architectures;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs small-tensor work with one PyTorch intra-op thread and restores the previous count. For
 * convolutions on 8×8 maps, splitting each op over threads costs more in hand-offs than it saves,
 * and on a busy CPU the waiting threads slow every op down several-fold.
 */
final class OneThread implements AutoCloseable {
    private final int previous;

    private OneThread() {
        previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    static OneThread begin() {
        return new OneThread();
    }

    @Override
    public void close() {
        JniUtils.setNumThreads(previous);
    }
}
