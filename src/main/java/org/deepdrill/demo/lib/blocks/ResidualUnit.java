package org.deepdrill.demo.lib.blocks;

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
 * relu(branch(x) + x'), where x' is x, or a strided 1×1 projection with BatchNorm (no bias) when
 * the branch changes the shape. The ResNet blocks differ only in their branch.
 */
abstract class ResidualUnit extends AbstractBlock implements CostedBlock {
    private final SequentialBlock branch;
    private final SequentialBlock shortcut;

    ResidualUnit(SequentialBlock branch, int inChannels, int outChannels, int stride) {
        super((byte) 1);
        this.branch = addChildBlock("branch", branch);
        this.shortcut = stride != 1 || inChannels != outChannels
                ? addChildBlock("downsample", new SequentialBlock()
                        .add(Convs.conv(outChannels, 1, stride, false)).add(Convs.batchNorm()))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,Cin,H,W)
        NDArray y = branch.forward(ps, inputs, training).head(); // (B,Cout,H/s,W/s)
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
