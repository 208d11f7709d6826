package org.deepdrill.demo.attention;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * A small CNN: three 3×3 convolutions of width w, 2w, 3w with ReLU, 2×2 max-pooling after the first
 * two, global average pooling and a linear head. Input (B,1,S,S); output logits (B,C).
 */
final class SmallCnn {
    private SmallCnn() {
    }

    static SequentialBlock build(int width, int classes) {
        return new SequentialBlock()
                .add(conv(width)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2))) // (B,w,S/2,S/2)
                .add(conv(2 * width)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2))) // (B,2w,S/4,S/4)
                .add(conv(3 * width)).add(Activation.reluBlock()) // (B,3w,S/4,S/4)
                .add(Pool.globalAvgPool2dBlock()) // (B,3w)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build()); // (B,C)
    }

    /** Trainable parameters of {@link #build}: 72w² + 15w + 3wC + C for one input channel. */
    static long parameterCount(int width, int classes) {
        long w = width;
        return 72 * w * w + 15 * w + 3 * w * classes + classes;
    }

    /** The width whose parameter count is closest to {@code target}. */
    static int widthMatching(long target, int classes) {
        int best = 2;
        for (int w = 2; w <= 128; w++) {
            if (Math.abs(parameterCount(w, classes) - target) < Math.abs(parameterCount(best, classes) - target)) {
                best = w;
            }
        }
        return best;
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }
}
