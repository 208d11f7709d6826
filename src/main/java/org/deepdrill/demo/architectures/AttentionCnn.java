package org.deepdrill.demo.architectures;

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
import org.deepdrill.demo.lib.blocks.Cbam;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.SpatialSelfAttention;
import org.deepdrill.demo.lib.blocks.SqueezeExcitation;

/**
 * A small CNN with all three kinds of attention in a row: conv-ReLU ×2, squeeze-and-excitation,
 * CBAM, self-attention over positions, global average pooling, linear. Outputs [logits (B,K),
 * SE weights (B,C), CBAM channel weights (B,C), CBAM spatial map (B,1,H,W), self-attention weights (B,1,HW,HW)].
 */
final class AttentionCnn extends AbstractBlock {
    static final int CHANNELS = 16;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final SqueezeExcitation se;
    private final Cbam cbam;
    private final SpatialSelfAttention selfAttention;
    private final Linear head;

    AttentionCnn(int classes) {
        super((byte) 1);
        conv1 = addChildBlock("conv1", Convs.conv(CHANNELS, 3, 1, true));
        conv2 = addChildBlock("conv2", Convs.conv(CHANNELS, 3, 1, true));
        se = addChildBlock("se", new SqueezeExcitation(CHANNELS, 4));
        cbam = addChildBlock("cbam", new Cbam(CHANNELS, 4));
        selfAttention = addChildBlock("selfAttention", new SpatialSelfAttention(CHANNELS, 1));
        head = addChildBlock("head", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Activation.relu(conv1.forward(ps, inputs, training).head()); // (B,C,H,W)
        x = Activation.relu(conv2.forward(ps, new NDList(x), training).head()); // (B,C,H,W)
        NDList s = se.forward(ps, new NDList(x), training); // (B,C,H,W), (B,C)
        NDList c = cbam.forward(ps, new NDList(s.head()), training); // (B,C,H,W), (B,C), (B,1,H,W)
        NDList a = selfAttention.forward(ps, new NDList(c.head()), training); // (B,C,H,W), (B,1,HW,HW)
        NDArray pooled = a.head().reshape(x.getShape().get(0), CHANNELS, -1).mean(new int[] {2}); // (B,C)
        NDArray logits = head.forward(ps, new NDList(pooled), training).head(); // (B,K)
        return new NDList(logits, s.get(1), c.get(1), c.get(2), a.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        long b = x.get(0);
        long n = x.get(2) * x.get(3);
        return new Shape[] {head.getOutputShapes(new Shape[] {new Shape(b, CHANNELS)})[0], new Shape(b, CHANNELS),
                new Shape(b, CHANNELS), new Shape(b, 1, x.get(2), x.get(3)), new Shape(b, 1, n, n)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape f = new Shape(x.get(0), CHANNELS, x.get(2), x.get(3));
        conv1.initialize(manager, dataType, x);
        conv2.initialize(manager, dataType, f);
        se.initialize(manager, dataType, f);
        cbam.initialize(manager, dataType, f);
        selfAttention.initialize(manager, dataType, f);
        head.initialize(manager, dataType, new Shape(x.get(0), CHANNELS));
    }
}
