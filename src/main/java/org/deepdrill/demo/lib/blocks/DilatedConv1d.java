package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dilated 1-D convolution over time, written as k shifted slices of the padded input and one
 * matmul, so output t reads inputs t + offset − j·d for the taps j = 0 … k−1. Causal padding puts
 * (k−1)·d zeros on the left only (offset 0); symmetric "same" padding puts (k−1)·d/2 on each side,
 * so output t also reads (k−1)·d/2 steps of the future.
 *
 * <p>Not DJL's Conv1d: on this PyTorch 2.5.1 CPU build its backward pass returns NaN input
 * gradients in a few percent of calls, which poisons training and the gradient probes.
 *
 * <p>Input [x (B,T,C)], output [y (B,T,F)].
 */
public final class DilatedConv1d extends AbstractBlock {
    /** Where the zeros go. */
    public enum Padding { CAUSAL, SYMMETRIC }

    private final int kernel;
    private final int dilation;
    private final Padding padding;
    private final Linear taps;

    public DilatedConv1d(int filters, int kernel, int dilation, Padding padding) {
        super((byte) 1);
        if (padding == Padding.SYMMETRIC && (kernel - 1) * dilation % 2 != 0) {
            throw new IllegalArgumentException("symmetric padding needs (k-1)·d even, got k=" + kernel + " d=" + dilation);
        }
        this.kernel = kernel;
        this.dilation = dilation;
        this.padding = padding;
        this.taps = addChildBlock("taps", Linear.builder().setUnits(filters).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,T,C)
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long c = x.getShape().get(2);
        int pad = (kernel - 1) * dilation;
        int left = padding == Padding.CAUSAL ? pad : pad / 2;
        NDManager m = x.getManager();
        NDArray padded = m.zeros(new Shape(b, left, c), x.getDataType()).concat(x, 1)
                .concat(m.zeros(new Shape(b, pad - left, c), x.getDataType()), 1); // (B,T+(k-1)d,C)
        NDList shifted = new NDList();
        for (int j = 0; j < kernel; j++) {
            int from = pad - j * dilation; // padded index of the input tap j reads for output 0
            shifted.add(padded.get(new NDIndex(":, {}:{}, :", from, from + t))); // (B,T,C)
        }
        NDArray stacked = NDArrays.concat(shifted, 2); // (B,T,k·C)
        return taps.forward(ps, new NDList(stacked), training); // (B,T,F)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return taps.getOutputShapes(new Shape[] {new Shape(x.get(0), x.get(1), kernel * x.get(2))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        taps.initialize(manager, dataType, new Shape(x.get(0), x.get(1), kernel * x.get(2)));
    }
}
