package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ViT input: a patch×patch convolution with stride patch (one linear map per patch), a learned
 * class token in front, and learned position embeddings. (B,C,H,W) → (B,1+HW/p²,E).
 */
public final class VitStem extends AbstractBlock implements CostedBlock {
    private final int embed;
    private final int patch;
    private final Conv2d projection;
    private final Parameter classToken;
    private final Parameter positions;

    public VitStem(int embed, int patch, int imageSize) {
        super((byte) 1);
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not a multiple of patch " + patch);
        }
        this.embed = embed;
        this.patch = patch;
        int tokens = 1 + (imageSize / patch) * (imageSize / patch);
        projection = addChildBlock("projection", Convs.conv(embed, patch, patch, 0, 1, true));
        classToken = addParameter(Parameter.builder().setName("classToken").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, embed)).build());
        positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, tokens, embed)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        NDArray p = projection.forward(ps, inputs, training).head(); // (B,E,H/p,W/p)
        long b = p.getShape().get(0);
        NDArray tokens = p.reshape(b, embed, -1).transpose(0, 2, 1); // (B,N,E)
        NDArray cls = ps.getValue(classToken, x.getDevice(), training).repeat(0, b); // (B,1,E)
        NDArray all = cls.concat(tokens, 1); // (B,1+N,E)
        return new NDList(all.add(ps.getValue(positions, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        long n = (x.get(2) / patch) * (x.get(3) / patch);
        return new Shape[] {new Shape(x.get(0), 1 + n, embed)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, inputShapes);
    }

    @Override
    public long macs(Shape input) {
        return BlockCost.macs(projection, input);
    }
}
