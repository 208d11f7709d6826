package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.CostedBlock;
import org.deepdrill.demo.lib.blocks.LinearAttention;

/**
 * Kernelised linear attention over the positions of a feature map (one head): the same Q, K, V and
 * output projections as self-attention, but softmax(q·k) is replaced by φ(q)·φ(k), so the keys and
 * values are first summarised into a C×C matrix and no position-by-position table is formed.
 * Outputs [y (B,C,H,W), the key-value summary (B,1,C,C)].
 */
final class LinearSpatialAttention extends AbstractBlock implements CostedBlock {
    private final int channels;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    LinearSpatialAttention(int channels) {
        super((byte) 1);
        this.channels = channels;
        query = addChildBlock("query", Linear.builder().setUnits(channels).build());
        key = addChildBlock("key", Linear.builder().setUnits(channels).build());
        value = addChildBlock("value", Linear.builder().setUnits(channels).build());
        output = addChildBlock("output", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,C,H,W)
        Shape s = x.getShape();
        NDArray tokens = x.reshape(s.get(0), channels, -1).transpose(0, 2, 1); // (B,N,C)
        NDArray q = LinearAttention.feature(project(ps, query, tokens, training)); // (B,N,C)
        NDArray k = LinearAttention.feature(project(ps, key, tokens, training)); // (B,N,C)
        NDArray v = project(ps, value, tokens, training); // (B,N,C)
        NDArray summary = k.transpose(0, 2, 1).matMul(v); // (B,C,C): Σ_j φ(k_j) v_jᵀ
        NDArray norm = k.sum(new int[] {1}, true); // (B,1,C): Σ_j φ(k_j)
        NDArray mixed = q.matMul(summary).div(q.mul(norm).sum(new int[] {2}, true)); // (B,N,C)
        NDArray back = project(ps, output, mixed, training).transpose(0, 2, 1).reshape(s); // (B,C,H,W)
        return new NDList(x.add(back), summary.expandDims(1));
    }

    private static NDArray project(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {x, new Shape(x.get(0), 1, channels, channels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape flat = new Shape(-1, channels);
        query.initialize(manager, dataType, flat);
        key.initialize(manager, dataType, flat);
        value.initialize(manager, dataType, flat);
        output.initialize(manager, dataType, flat);
    }

    /** Four projections (4·N·C²), the summary φ(K)ᵀV (N·C²) and φ(q)·summary (N·C²), per image times B. */
    @Override
    public long macs(Shape input) {
        long n = input.get(2) * input.get(3);
        long c = channels;
        return input.get(0) * 6 * n * c * c;
    }
}
