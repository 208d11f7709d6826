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
import org.deepdrill.demo.lib.train.Scalars;

/**
 * A pre-activation residual unit without normalisation: x + α·conv3×3(relu(conv3×3(relu(x)))).
 * The identity path passes gradients to earlier layers unchanged; a branch scale α below 1
 * (e.g. 1/√units, as in Fixup and SkipInit) keeps a deep stack's output variance bounded at init.
 * With {@code identity = false} the unit is the branch alone (α = 1), the plain-stack control.
 * Input and output (B,C,H,W).
 */
public final class PreActResidual extends AbstractBlock implements CostedBlock {
    private final SequentialBlock branch;
    private final float scale;
    private final boolean identity;

    public PreActResidual(int channels, float scale, boolean identity) {
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
