package org.deepdrill.demo.lib.blocks;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * The ResNet-50 bottleneck as in torchvision ("v1.5"): 1×1 reduce to {@code width}, 3×3 with the
 * stride, 1×1 expand to 4·width, each followed by BatchNorm; projection shortcut when the shape
 * changes. No conv biases.
 */
public final class ResNetBottleneck extends ResidualUnit {
    public static final int EXPANSION = 4;

    public ResNetBottleneck(int inChannels, int width, int stride) {
        super(new SequentialBlock()
                .add(Convs.conv(width, 1, 1, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(width, 3, stride, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(width * EXPANSION, 1, 1, false)).add(Convs.batchNorm()),
                inChannels, width * EXPANSION, stride);
    }
}
