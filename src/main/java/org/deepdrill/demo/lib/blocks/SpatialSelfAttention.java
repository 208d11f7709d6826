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
 * Self-attention over the positions of a feature map: each of the H·W positions is a token of size
 * C, and every position attends to every other one; the result is added back (residual).
 * Outputs [y (B,C,H,W), weights (B,heads,HW,HW)].
 */
public final class SpatialSelfAttention extends AbstractBlock implements CostedBlock {
    private final MultiHeadAttention attention;
    private final int channels;

    public SpatialSelfAttention(int channels, int heads) {
        super((byte) 1);
        this.channels = channels;
        attention = addChildBlock("attention", MultiHeadAttention.builder().embedding(channels).heads(heads).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        Shape s = x.getShape();
        NDArray tokens = x.reshape(s.get(0), channels, -1).transpose(0, 2, 1); // (B,HW,C)
        NDList out = attention.forward(ps, new NDList(tokens), training); // (B,HW,C), (B,h,HW,HW)
        NDArray back = out.head().transpose(0, 2, 1).reshape(s); // (B,C,H,W)
        return new NDList(x.add(back), out.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        long n = x.get(2) * x.get(3);
        return new Shape[] {x, new Shape(x.get(0), attention.heads(), n, n)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attention.initialize(manager, dataType, new Shape(x.get(0), x.get(2) * x.get(3), channels));
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(attention, new Shape(input.get(0), input.get(2) * input.get(3), channels));
    }
}
