package org.deepdrill.demo.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The ResNet-18/34 block: relu(x' + bn(conv3×3(relu(bn(conv3×3(x)))))), where x' is x or a 1×1
 * strided projection with BatchNorm when the shape changes. Convolutions have no bias, as in torchvision.
 */
public final class ResNetBasicBlock extends AbstractBlock implements CostedBlock {
    private final SequentialBlock branch;
    private final SequentialBlock shortcut;

    public ResNetBasicBlock(int inChannels, int channels, int stride) {
        super((byte) 1);
        branch = addChildBlock("branch", new SequentialBlock()
                .add(Convs.conv(channels, 3, stride, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(channels, 3, 1, false)).add(Convs.batchNorm()));
        shortcut = stride != 1 || inChannels != channels
                ? addChildBlock("downsample", new SequentialBlock()
                        .add(Convs.conv(channels, 1, stride, false)).add(Convs.batchNorm()))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,Cin,H,W)
        NDArray y = branch.forward(ps, inputs, training).head(); // (B,C,H/s,W/s)
        NDArray skip = shortcut == null ? x : shortcut.forward(ps, inputs, training).head();
        return new NDList(Activation.relu(y.add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return branch.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        branch.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(branch, input) + (shortcut == null ? 0 : BlockCost.macs(shortcut, input));
    }
}
