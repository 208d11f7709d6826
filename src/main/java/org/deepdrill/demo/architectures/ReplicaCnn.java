package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import org.deepdrill.demo.lib.blocks.ChannelAffine;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.GroupNorm;

/**
 * R independent copies of one small CNN run as a single network: every conv is grouped by copy,
 * so copy r only ever sees channel block r. Input (B,R,S,S), one image per copy and sample;
 * output logits (B·R,K), row b·R + r for sample b of copy r. BatchNorm is per channel, so each
 * copy keeps its own batch statistics; GroupNorm's groups (4 per copy, or 1 for LayerNorm) stay
 * inside a copy.
 * Each copy is conv-norm-ReLU ×3 with pooling, then a hidden layer (1×1 conv) with the same norm.
 */
final class ReplicaCnn {
    static final int[] WIDTHS = {16, 32, 32};
    static final int HIDDEN = 32;

    private ReplicaCnn() {
    }

    /**
     * {@code kind}: "BatchNorm", "LayerNorm" (one group per copy), "GroupNorm" (4 groups per copy) or
     * "fixed" (BatchNorm frozen at mean 0, variance 1).
     */
    static Block build(String kind, int copies, int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < WIDTHS.length; i++) {
            net.add(Convs.conv(copies * WIDTHS[i], 3, 1, 1, copies, false)).add(norm(kind, copies))
                    .add(Activation.reluBlock());
            if (i < WIDTHS.length - 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(new LambdaBlock(l -> new NDList(l.head().reshape(l.head().getShape().get(0), -1, 1, 1)))) // (B,R·W,1,1)
                .add(Convs.conv(copies * HIDDEN, 1, 1, 0, copies, false)).add(norm(kind, copies))
                .add(Activation.reluBlock())
                .add(Convs.conv(copies * classes, 1, 1, 0, copies, true)) // (B,R·K,1,1)
                .add(new LambdaBlock(l -> new NDList(l.head().reshape(-1, classes)))); // (B·R,K)
    }

    private static Block norm(String kind, int copies) {
        return switch (kind) {
            case "BatchNorm" -> Convs.batchNorm();
            case "fixed" -> new ChannelAffine(); // BatchNorm with mean 0 and variance 1 frozen in
            case "LayerNorm" -> new GroupNorm(copies);
            default -> new GroupNorm(4 * copies);
        };
    }

    /** Images (B,1,S,S) with labels (B), B = batch·copies, as one batch for the copies: (batch,R,S,S) and (batch·R). */
    static NDArray[] spread(NDArray[] xy, int copies) {
        Shape s = xy[0].getShape();
        return new NDArray[] {xy[0].reshape(s.get(0) / copies, copies, s.get(2), s.get(3)), xy[1]};
    }

    /** The same test images for every copy: (N,1,S,S) → (N,R,S,S). */
    static NDArray everyCopy(NDArray images, int copies) {
        return images.repeat(1, copies);
    }

    /**
     * Accuracy of each copy on test images (N,1,S,S) with labels (N). {@code chunk = 0}: inference mode,
     * all at once; otherwise training mode on test batches of {@code chunk} images, each normalised by
     * its own statistics.
     */
    static double[] accuracy(Classifier c, NDManager parent, NDArray images, NDArray labels, int copies, int classes,
                             int chunk) {
        long n = images.getShape().get(0);
        long step = chunk == 0 ? n : chunk;
        double[] hits = new double[copies];
        for (long from = 0; from + step <= n; from += step) {
            try (NDManager m = parent.newSubManager()) {
                NDArray slice = images.get(from + ":" + (from + step)); // (b,1,S,S)
                NDArray y = labels.get(from + ":" + (from + step)); // (b)
                slice.attach(m);
                y.attach(m);
                NDArray x = everyCopy(slice, copies); // (b,R,S,S)
                NDArray logits = c.logits(m, x, chunk != 0).reshape(step, copies, classes); // (b,R,K)
                NDArray pred = logits.argMax(2).toType(DataType.INT32, false); // (b,R)
                NDArray truth = y.toType(DataType.INT32, false).reshape(step, 1); // (b,1)
                float[] right = pred.eq(truth).toType(DataType.FLOAT32, false).sum(new int[] {0}).toFloatArray(); // (R)
                for (int r = 0; r < copies; r++) {
                    hits[r] += right[r];
                }
            }
        }
        long used = n / step * step;
        for (int r = 0; r < copies; r++) {
            hits[r] /= used;
        }
        return hits;
    }
}
