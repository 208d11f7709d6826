package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * The learned part of a normalisation layer: a per-channel scale γ (starts at 1) and shift β
 * (starts at 0), y = γ·x + β. On its own it is BatchNorm with its statistics frozen at mean 0 and
 * variance 1, in training and inference alike. Input and output (B,C,…).
 */
public final class ChannelAffine extends AbstractBlock {
    private final Parameter gamma;
    private final Parameter beta;

    public ChannelAffine() {
        super((byte) 1);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optInitializer(Initializer.ONES).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optInitializer(Initializer.ZEROS).build());
    }

    @Override
    protected void prepare(Shape[] inputs) {
        gamma.setShape(new Shape(inputs[0].get(1)));
        beta.setShape(new Shape(inputs[0].get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        long[] perChannel = new long[x.getShape().dimension()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = x.getShape().get(1);
        NDArray gm = ps.getValue(gamma, x.getDevice(), training).reshape(new Shape(perChannel)); // (1,C,1,1)
        NDArray bt = ps.getValue(beta, x.getDevice(), training).reshape(new Shape(perChannel));
        return new NDList(x.mul(gm).add(bt));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
