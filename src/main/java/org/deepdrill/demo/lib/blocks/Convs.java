package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Short constructors for the 2-D convolutions and norms the shared blocks use. */
public final class Convs {
    private Convs() {
    }

    /** k×k convolution with "same"-style padding k/2. */
    public static Conv2d conv(int filters, int k, int stride, boolean bias) {
        return conv(filters, k, stride, k / 2, 1, bias);
    }

    public static Conv2d conv(int filters, int k, int stride, int pad, int groups, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).optGroups(groups).optBias(bias).build();
    }

    public static BatchNorm batchNorm() {
        return BatchNorm.builder().build();
    }
}
