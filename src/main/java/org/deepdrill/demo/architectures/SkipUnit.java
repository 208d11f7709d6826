package org.deepdrill.demo.architectures;

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
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.CostedBlock;
import org.deepdrill.demo.lib.train.Scalars;

/**
 * A pre-activation unit without normalisation, with or without its identity path:
 * x + α·conv3×3(relu(conv3×3(relu(x)))) with the path, the branch alone (α = 1) without it.
 * Input and output (B,C,H,W).
 */
final class SkipUnit extends AbstractBlock implements CostedBlock {
    private final SequentialBlock branch;
    private final float scale;
    private final boolean identity;

    SkipUnit(int channels, float scale, boolean identity) {
        super((byte) 1);
        this.scale = identity ? scale : 1f;
        this.identity = identity;
        branch = addChildBlock("branch", new SequentialBlock()
                .add(Activation.reluBlock()).add(Convs.conv(channels, 3, 1, true))
                .add(Activation.reluBlock()).add(Convs.conv(channels, 3, 1, true)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray f = branch.forward(ps, new NDList(x), training).head(); // (B,C,H,W)
        return new NDList(identity ? x.add(f.mul(Scalars.of(scale))) : f);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        branch.initialize(manager, dataType, inputShapes);
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(branch, input);
    }
}
