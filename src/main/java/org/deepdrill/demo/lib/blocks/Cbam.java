package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * CBAM-style attention (Woo et al., 2018): channel attention from average- and max-pooled
 * descriptors through a shared C→C/r→C MLP, then spatial attention from a 7×7 conv over the
 * channel-wise mean and max maps. Outputs [y (B,C,H,W), channel weights (B,C), spatial map (B,1,H,W)].
 */
public final class Cbam extends AbstractBlock implements CostedBlock {
    private final int channels;
    private final int hidden;
    private final Linear reduce;
    private final Linear expand;
    private final Conv2d spatial;

    public Cbam(int channels, int reduction) {
        super((byte) 1);
        this.channels = channels;
        this.hidden = Math.max(1, channels / reduction);
        reduce = addChildBlock("reduce", Linear.builder().setUnits(hidden).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(channels).build());
        spatial = addChildBlock("spatial", Convs.conv(1, 7, 1, true));
    }

    private NDArray mlp(ParameterStore ps, NDArray z, boolean training) {
        NDArray h = Activation.relu(reduce.forward(ps, new NDList(z), training).head()); // (B,C/r)
        return expand.forward(ps, new NDList(h), training).head(); // (B,C)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray flat = x.reshape(x.getShape().get(0), channels, -1); // (B,C,HW)
        NDArray avg = flat.mean(new int[] {2}); // (B,C)
        NDArray max = flat.max(new int[] {2}); // (B,C)
        NDArray wc = Activation.sigmoid(mlp(ps, avg, training).add(mlp(ps, max, training))); // (B,C)
        NDArray xc = x.mul(wc.expandDims(2).expandDims(3)); // (B,C,H,W)
        NDArray maps = xc.mean(new int[] {1}, true).concat(xc.max(new int[] {1}, true), 1); // (B,2,H,W)
        NDArray ws = Activation.sigmoid(spatial.forward(ps, new NDList(maps), training).head()); // (B,1,H,W)
        return new NDList(xc.mul(ws), wc, ws);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {x, new Shape(x.get(0), channels), new Shape(x.get(0), 1, x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        reduce.initialize(manager, dataType, new Shape(-1, channels));
        expand.initialize(manager, dataType, new Shape(-1, hidden));
        spatial.initialize(manager, dataType, new Shape(x.get(0), 2, x.get(2), x.get(3)));
    }

    @Override
    public long macs(Shape input) {
        long b = input.get(0);
        return b * 4L * channels * hidden + BlockCost.macs(spatial, new Shape(b, 2, input.get(2), input.get(3)));
    }
}
