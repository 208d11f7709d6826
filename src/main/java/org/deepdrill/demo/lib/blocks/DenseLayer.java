package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One DenseNet layer: computes {@code growth} new feature maps from its input and returns the
 * input with them appended along the channel axis, (B,C,H,W) → (B,C+growth,H,W).
 *
 * <p>DenseNet-BC form (torchvision): BN-ReLU-conv1×1(bottleneck)-BN-ReLU-conv3×3(growth), no biases.
 * With {@code bottleneck = 0} and no BatchNorm it is just ReLU-conv3×3(growth).
 */
public final class DenseLayer extends AbstractBlock implements CostedBlock {
    private final SequentialBlock fresh;
    private final int growth;

    public DenseLayer(int growth, int bottleneck, boolean batchNorm) {
        super((byte) 1);
        this.growth = growth;
        SequentialBlock s = new SequentialBlock();
        if (bottleneck > 0) {
            addNormRelu(s, batchNorm);
            s.add(Convs.conv(bottleneck, 1, 1, false));
        }
        addNormRelu(s, batchNorm);
        s.add(Convs.conv(growth, 3, 1, !batchNorm));
        fresh = addChildBlock("layers", s);
    }

    /** A dense block: {@code layers} dense layers in a row; channels grow by layers·growth. */
    public static SequentialBlock block(int layers, int growth, int bottleneck, boolean batchNorm) {
        SequentialBlock s = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            s.add(new DenseLayer(growth, bottleneck, batchNorm));
        }
        return s;
    }

    private static void addNormRelu(SequentialBlock s, boolean batchNorm) {
        if (batchNorm) {
            s.add(Convs.batchNorm());
        }
        s.add(Activation.reluBlock());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray y = fresh.forward(ps, new NDList(x), training).head(); // (B,growth,H,W)
        return new NDList(x.concat(y, 1)); // (B,C+growth,H,W)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), x.get(1) + growth, x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fresh.initialize(manager, dataType, inputShapes);
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(fresh, input);
    }
}
