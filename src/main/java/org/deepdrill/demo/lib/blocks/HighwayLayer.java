package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolutional highway layer, y = T·H(x) + (1−T)·x with H = relu(conv3×3(x)) and the transform
 * gate T = sigmoid(conv1×1(x) + b), whose gate bias b starts at {@code gateBias} in any precision
 * (negative: the layer starts by carrying its input). Outputs [y (B,C,H,W), T (B,C,H,W)].
 */
public final class HighwayLayer extends AbstractBlock implements CostedBlock {
    private final Conv2d transform;
    private final Conv2d gate;
    private final float gateBias;

    public HighwayLayer(int channels, float gateBias) {
        super((byte) 1);
        this.gateBias = gateBias;
        transform = addChildBlock("transform", Convs.conv(channels, 3, 1, true));
        gate = addChildBlock("gate", Convs.conv(channels, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray h = Activation.relu(transform.forward(ps, new NDList(x), training).head()); // (B,C,H,W)
        NDArray t = Activation.sigmoid(gate.forward(ps, new NDList(x), training).head()); // (B,C,H,W)
        // T·h + (1 − T)·x written as x + T·(h − x): every result stays on the step's manager (a result
        // whose first operand is a cached run-long constant would keep this step's graph alive)
        return new NDList(x.add(t.mul(h.sub(x))), t);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0], inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transform.initialize(manager, dataType, inputShapes);
        gate.initialize(manager, dataType, inputShapes);
        NDArray b = gate.getParameters().get("bias").getArray(); // (C), zeros after initialisation
        b.muli(0).addi(gateBias);
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(transform, input) + BlockCost.macs(gate, input);
    }
}
