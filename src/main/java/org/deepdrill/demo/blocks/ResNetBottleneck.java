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
 * The ResNet-50 bottleneck as in torchvision ("v1.5"): 1×1 reduce to {@code width}, 3×3 with the
 * stride, 1×1 expand to 4·width, each followed by BatchNorm; projection shortcut when the shape
 * changes. No conv biases.
 */
public final class ResNetBottleneck extends AbstractBlock implements CostedBlock {
    public static final int EXPANSION = 4;
    private final SequentialBlock branch;
    private final SequentialBlock shortcut;

    public ResNetBottleneck(int inChannels, int width, int stride) {
        super((byte) 1);
        int out = width * EXPANSION;
        branch = addChildBlock("branch", new SequentialBlock()
                .add(Convs.conv(width, 1, 1, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(width, 3, stride, false)).add(Convs.batchNorm()).add(Activation.reluBlock())
                .add(Convs.conv(out, 1, 1, false)).add(Convs.batchNorm()));
        shortcut = stride != 1 || inChannels != out
                ? addChildBlock("downsample", new SequentialBlock()
                        .add(Convs.conv(out, 1, stride, false)).add(Convs.batchNorm()))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,Cin,H,W)
        NDArray y = branch.forward(ps, inputs, training).head(); // (B,4w,H/s,W/s)
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
