package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One residual TCN block, y = x' + conv2(ReLU(conv1(x))), with x' = x or a per-step linear projection
 * when the width changes. Both convs share the dilation d, so the block widens the receptive field by
 * 2·(k−1)·d. Unlike Bai et al., the sum is not passed through a ReLU: with one there, the last step's
 * features of a small stack often all die early in training and the head sees zeros.
 *
 * <p>Input [x (B,T,C)], output [y (B,T,F)].
 */
public final class TcnBlock extends AbstractBlock {
    private final DilatedConv1d conv1;
    private final DilatedConv1d conv2;
    private final Linear skip;

    public TcnBlock(int inChannels, int filters, int kernel, int dilation, DilatedConv1d.Padding padding) {
        super((byte) 1);
        this.conv1 = addChildBlock("conv1", new DilatedConv1d(filters, kernel, dilation, padding));
        this.conv2 = addChildBlock("conv2", new DilatedConv1d(filters, kernel, dilation, padding));
        this.skip = inChannels == filters ? null : addChildBlock("skip", Linear.builder().setUnits(filters).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,T,C)
        NDArray h = Activation.relu(conv1.forward(ps, new NDList(x), training).head()); // (B,T,F)
        h = conv2.forward(ps, new NDList(h), training).head(); // (B,T,F)
        NDArray res = skip == null ? x : skip.forward(ps, new NDList(x), training).head(); // (B,T,F)
        return new NDList(h.add(res)); // (B,T,F)
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
