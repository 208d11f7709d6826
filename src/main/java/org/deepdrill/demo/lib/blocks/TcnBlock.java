package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One residual TCN block: two dilated convolutions with ReLU, plus a skip path (a 1×1 conv when
 * the channel count changes). y = ReLU(x' + conv2(ReLU(conv1(x)))), where x' is x or its 1×1 projection.
 * Each block widens the receptive field by 2·(k−1)·d.
 *
 * <p>Input [x (B,C,T)], output [y (B,F,T)].
 */
public final class TcnBlock extends AbstractBlock {
    private final int kernel;
    private final int dilation;
    private final CausalConv1d conv1;
    private final CausalConv1d conv2;
    private final Conv1d skip;

    public TcnBlock(int inChannels, int filters, int kernel, int dilation, CausalConv1d.Padding padding) {
        super((byte) 1);
        this.kernel = kernel;
        this.dilation = dilation;
        this.conv1 = addChildBlock("conv1", new CausalConv1d(filters, kernel, dilation, padding));
        this.conv2 = addChildBlock("conv2", new CausalConv1d(filters, kernel, dilation, padding));
        this.skip = inChannels == filters ? null
                : addChildBlock("skip", Conv1d.builder().setKernelShape(new Shape(1)).setFilters(filters).build());
    }

    /** How many more past steps one output sees through this block: 2·(k−1)·d. */
    public int receptiveFieldGrowth() {
        return 2 * (kernel - 1) * dilation;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,T)
        NDArray h = Activation.relu(conv1.forward(ps, new NDList(x), training).head()); // (B,F,T)
        h = conv2.forward(ps, new NDList(h), training).head(); // (B,F,T)
        NDArray res = skip == null ? x : skip.forward(ps, new NDList(x), training).head(); // (B,F,T)
        return new NDList(Activation.relu(h.add(res))); // (B,F,T)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return conv1.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        conv1.initialize(manager, dataType, x);
        Shape h = conv1.getOutputShapes(new Shape[] {x})[0];
        conv2.initialize(manager, dataType, h);
        if (skip != null) {
            skip.initialize(manager, dataType, x);
        }
    }
}
