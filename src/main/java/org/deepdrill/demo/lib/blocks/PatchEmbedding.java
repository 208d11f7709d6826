package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Cuts an image into non-overlapping P×P patches and projects each to E numbers: a convolution
 * with kernel P and stride P, the same as a Linear layer on flattened patches.
 * Input (B,C,H,W); output (B,N,E) with N = (H/P)·(W/P) tokens in row-major patch order.
 */
public final class PatchEmbedding extends AbstractBlock {
    private final int patch;
    private final int embed;
    private final Conv2d projection;

    public PatchEmbedding(int patch, int embed) {
        super((byte) 1);
        this.patch = patch;
        this.embed = embed;
        this.projection = addChildBlock("projection", Conv2d.builder()
                .setKernelShape(new Shape(patch, patch)).optStride(new Shape(patch, patch)).setFilters(embed).build());
    }

    public int patch() {
        return patch;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = projection.forward(ps, inputs, training).head(); // (B,E,H/P,W/P)
        Shape s = y.getShape();
        return new NDList(y.reshape(s.get(0), embed, s.get(2) * s.get(3)).transpose(0, 2, 1)); // (B,N,E)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), (x.get(2) / patch) * (x.get(3) / patch), embed)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, inputShapes[0]);
    }
}
