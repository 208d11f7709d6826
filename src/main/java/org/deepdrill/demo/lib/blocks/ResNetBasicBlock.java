package org.deepdrill.demo.lib.blocks;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * The ResNet-18/34 block: relu(x' + bn(conv3×3(relu(bn(conv3×3(x)))))), where x' is x or a 1×1
 * strided projection with BatchNorm when the shape changes. Convolutions have no bias, as in torchvision.
 */
public final class ResNetBasicBlock extends ResidualUnit {
    public ResNetBasicBlock(int inChannels, int channels, int stride) {
        super(new SequentialBlock()
                .add(Convs.conv(channels, 3, stride, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(channels, 3, 1, false)).add(Convs.batchNorm()), inChannels, channels, stride);
    }
}
