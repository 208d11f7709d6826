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
 * Squeeze-and-excitation (Hu et al., 2018): average-pool each channel, pass the C numbers through
 * C→C/r→C with ReLU and sigmoid, and rescale the channels. Outputs [y (B,C,H,W), weights (B,C)].
 */
public final class SqueezeExcitation extends AbstractBlock implements CostedBlock {
    private final Linear reduce;
    private final Linear expand;
    private final int channels;
    private final int hidden;

    public SqueezeExcitation(int channels, int reduction) {
        super((byte) 1);
        this.channels = channels;
        this.hidden = Math.max(1, channels / reduction);
        reduce = addChildBlock("reduce", Linear.builder().setUnits(hidden).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray z = x.reshape(x.getShape().get(0), channels, -1).mean(new int[] {2}); // (B,C)
        NDArray h = Activation.relu(reduce.forward(ps, new NDList(z), training).head()); // (B,C/r)
        NDArray w = Activation.sigmoid(expand.forward(ps, new NDList(h), training).head()); // (B,C)
        return new NDList(x.mul(w.expandDims(2).expandDims(3)), w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0], new Shape(inputs[0].get(0), channels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        reduce.initialize(manager, dataType, new Shape(-1, channels));
        expand.initialize(manager, dataType, new Shape(-1, hidden));
    }

    @Override
    public long macs(Shape input) {
        return input.get(0) * 2L * channels * hidden; // the two linear layers
    }
}
