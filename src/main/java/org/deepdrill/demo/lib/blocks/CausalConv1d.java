package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dilated 1-D convolution that keeps the sequence length. With {@link Padding#CAUSAL} it pads
 * (k−1)·d zeros on the left only, so output t sees inputs t−(k−1)·d … t. With
 * {@link Padding#SYMMETRIC} it pads (k−1)·d/2 on each side, the usual "same" padding, which lets
 * output t see inputs up to t+(k−1)·d/2: the future.
 *
 * <p>Input [x (B,C,T)], output [y (B,F,T)].
 */
public final class CausalConv1d extends AbstractBlock {
    /** Where the zeros go. */
    public enum Padding { CAUSAL, SYMMETRIC }

    private final int kernel;
    private final int dilation;
    private final Padding padding;
    private final Conv1d conv;

    public CausalConv1d(int filters, int kernel, int dilation, Padding padding) {
        super((byte) 1);
        if (padding == Padding.SYMMETRIC && (kernel - 1) * dilation % 2 != 0) {
            throw new IllegalArgumentException("symmetric padding needs (k-1)·d even, got k=" + kernel + " d=" + dilation);
        }
        this.kernel = kernel;
        this.dilation = dilation;
        this.padding = padding;
        this.conv = addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(filters)
                .optDilation(new Shape(dilation)).optPadding(new Shape(0)).build());
    }

    /** Zeros added in total: (k−1)·d. */
    public int totalPad() {
        return (kernel - 1) * dilation;
    }

    public Conv1d conv() {
        return conv;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,T)
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        int pad = totalPad();
        NDArray padded;
        if (padding == Padding.CAUSAL) {
            NDArray left = x.getManager().zeros(new Shape(b, c, pad), x.getDataType()); // (B,C,(k-1)d)
            padded = left.concat(x, 2); // (B,C,T+(k-1)d)
        } else {
            NDArray side = x.getManager().zeros(new Shape(b, c, pad / 2), x.getDataType()); // (B,C,(k-1)d/2)
            padded = side.concat(x, 2).concat(side, 2); // (B,C,T+(k-1)d)
        }
        return conv.forward(ps, new NDList(padded), training); // (B,F,T)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        Shape padded = new Shape(x.get(0), x.get(1), x.get(2) + totalPad());
        return conv.getOutputShapes(new Shape[] {padded});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        conv.initialize(manager, dataType, new Shape(x.get(0), x.get(1), x.get(2) + totalPad()));
    }
}
