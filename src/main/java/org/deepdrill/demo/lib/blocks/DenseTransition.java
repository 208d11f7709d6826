package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/** The layer between dense blocks: (BN)-ReLU-conv1×1 to {@code channels}, then optionally 2×2 average pooling. */
public final class DenseTransition {
    private DenseTransition() {
    }

    public static SequentialBlock of(int channels, boolean batchNorm, boolean pool) {
        SequentialBlock s = new SequentialBlock();
        if (batchNorm) {
            s.add(Convs.batchNorm());
        }
        s.add(Activation.reluBlock()).add(Convs.conv(channels, 1, 1, !batchNorm));
        if (pool) {
            s.add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return s;
    }
}
