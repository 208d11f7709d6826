package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu and He, 2018): the channels of each sample are split into {@code groups}
 * groups, and each group is normalised over its channels and positions, then scaled and shifted
 * per channel ({@link ChannelAffine}). It does not look at other samples, so it behaves the same at
 * any batch size and in training and inference. One group is LayerNorm over (C,H,W); C groups is
 * InstanceNorm.
 * Input and output (B,C,…) such as (B,C,H,W) or (B,C); C must be divisible by groups.
 */
public final class GroupNorm extends AbstractBlock {
    private final int groups;
    private final float epsilon;
    private final ChannelAffine affine;

    public GroupNorm(int groups) {
        super((byte) 1);
        this.groups = groups;
        this.epsilon = 1e-5f;
        affine = addChildBlock("affine", new ChannelAffine());
    }

    @Override
    protected void prepare(Shape[] inputs) {
        long c = inputs[0].get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels are not divisible into " + groups + " groups");
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        affine.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1); // (B,G,C/G·H·W)
        NDArray mean = g.mean(new int[] {2}, true); // (B,G,1)
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true); // (B,G,1)
        NDArray norm = centred.div(var.add(epsilon).sqrt()).reshape(s); // (B,C,H,W)
        return affine.forward(ps, new NDList(norm), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
