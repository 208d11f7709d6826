package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One graph-convolution layer, H' = P·(H·W) + b, with a dense propagation matrix P (N,N). For a GCN,
 * P is {@link #normalize}(A) = D^-1/2 (A+I) D^-1/2. Dense is right for graphs of a few thousand
 * nodes; larger graphs want an edge list with scatter-add.
 *
 * <p>Inputs [h (N,F), p (N,N)], output [h' (N,U)].
 */
public final class GcnLayer extends AbstractBlock {
    private final Linear linear;

    public GcnLayer(int units) {
        super((byte) 1);
        this.linear = addChildBlock("linear", Linear.builder().setUnits(units).optBias(false).build());
    }

    /** D^-1/2 (A+I) D^-1/2 for a symmetric 0/1 adjacency A (N,N) without self-loops. */
    public static NDArray normalize(NDArray adjacency) {
        long n = adjacency.getShape().get(0);
        NDArray aHat = adjacency.add(adjacency.getManager().eye((int) n)); // (N,N) A + I
        NDArray dInvSqrt = aHat.sum(new int[] {1}).pow(org.deepdrill.demo.lib.train.Scalars.of(-0.5)); // (N,) degree incl. self-loop
        return aHat.mul(dInvSqrt.reshape(n, 1)).mul(dInvSqrt.reshape(1, n)); // (N,N)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0); // (N,F)
        NDArray p = inputs.get(1); // (N,N)
        NDArray hw = linear.forward(ps, new NDList(h), training).head(); // (N,U)
        return new NDList(p.matMul(hw)); // (N,U)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return linear.getOutputShapes(new Shape[] {inputs[0]});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, inputShapes[0]);
    }
}
