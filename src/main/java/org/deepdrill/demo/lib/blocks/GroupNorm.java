package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu and He, 2018): the channels of each sample are split into {@code groups}
 * groups, and each group is normalised over its channels and positions, then scaled and shifted
 * per channel. It does not look at other samples, so it behaves the same at any batch size and in
 * training and inference. One group is LayerNorm over (C,H,W); C groups is InstanceNorm.
 * Input and output (B,C,…) such as (B,C,H,W) or (B,C); C must be divisible by groups.
 */
public final class GroupNorm extends AbstractBlock {
    private final int groups;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    public GroupNorm(int groups) {
        super((byte) 1);
        this.groups = groups;
        this.epsilon = 1e-5f;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optInitializer(Initializer.ONES).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optInitializer(Initializer.ZEROS).build());
    }

    @Override
    protected void prepare(Shape[] inputs) {
        long c = inputs[0].get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels are not divisible into " + groups + " groups");
        }
        gamma.setShape(new Shape(c));
        beta.setShape(new Shape(c));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        Shape s = x.getShape();
        long c = s.get(1);
        NDArray g = x.reshape(s.get(0), groups, -1); // (B,G,C/G·H·W)
        NDArray mean = g.mean(new int[] {2}, true); // (B,G,1)
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true); // (B,G,1)
        NDArray norm = centred.div(var.add(epsilon).sqrt()).reshape(s); // (B,C,H,W)
        long[] perChannel = new long[s.dimension()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        NDArray gm = ps.getValue(gamma, x.getDevice(), training).reshape(new Shape(perChannel)); // (1,C,1,1)
        NDArray bt = ps.getValue(beta, x.getDevice(), training).reshape(new Shape(perChannel));
        return new NDList(norm.mul(gm).add(bt));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
