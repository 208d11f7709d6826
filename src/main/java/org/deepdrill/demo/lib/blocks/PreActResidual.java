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
 * A pre-activation residual unit without normalisation: x + α·conv3×3(relu(conv3×3(relu(x)))).
 * The identity path is untouched, so gradients reach earlier layers through it unchanged. A branch
 * scale α below 1 (e.g. 1/√units, as in Fixup and SkipInit) keeps a deep stack's output variance bounded at init.
 */
public final class PreActResidual extends AbstractBlock implements CostedBlock {
    private final SequentialBlock branch;
    private final float scale;

    public PreActResidual(int channels) {
        this(channels, 1f);
    }

    public PreActResidual(int channels, float scale) {
        super((byte) 1);
        this.scale = scale;
        branch = addChildBlock("branch", new SequentialBlock()
                .add(Activation.reluBlock()).add(Convs.conv(channels, 3, 1, true))
                .add(Activation.reluBlock()).add(Convs.conv(channels, 3, 1, true)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        return new NDList(x.add(branch.forward(ps, new NDList(x), training).head().mul(org.deepdrill.demo.lib.train.Scalars.of(scale))));
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
