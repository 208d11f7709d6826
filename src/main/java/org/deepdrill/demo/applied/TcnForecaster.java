package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.DilatedConv1d;
import org.deepdrill.demo.lib.blocks.TcnBlock;

/**
 * A stack of residual TCN blocks with dilations 1, 2, 4, …; a linear head reads the features of the
 * last time step and emits the whole horizon at once.
 *
 * <p>Input [x (B,W,V)], output [forecast (B,H,V)].
 */
final class TcnForecaster extends AbstractBlock {
    private final int horizon;
    private final int variables;
    private final int kernel;
    private final int[] dilations;
    private final TcnBlock[] stack;
    private final Linear head;

    TcnForecaster(int variables, int horizon, int channels, int kernel, int levels, DilatedConv1d.Padding padding) {
        super((byte) 1);
        this.horizon = horizon;
        this.variables = variables;
        this.kernel = kernel;
        this.dilations = new int[levels];
        this.stack = new TcnBlock[levels];
        for (int i = 0; i < levels; i++) {
            dilations[i] = 1 << i;
            stack[i] = addChildBlock("tcn" + i, new TcnBlock(i == 0 ? variables : channels, channels, kernel,
                    dilations[i], padding));
        }
        this.head = addChildBlock("head", Linear.builder().setUnits((long) horizon * variables).build());
    }

    /** Levels needed for the receptive field 1 + 2·(k−1)·(2^L − 1) to cover a window. */
    static int levelsFor(int window, int kernel) {
        int levels = 1;
        while (1 + 2 * (kernel - 1) * ((1 << levels) - 1) < window) {
            levels++;
        }
        return levels;
    }

    /** 1 + (k−1)·Σ d over every conv layer; each block has two convs with the same dilation. */
    int receptiveField() {
        int sum = 0;
        for (int d : dilations) {
            sum += d;
        }
        return 1 + 2 * (kernel - 1) * sum;
    }

    int[] dilations() {
        return dilations.clone();
    }

    /** Per-step features of the stack. x (B,T,V) → (B,T,C). */
    NDArray features(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = x;
        for (TcnBlock b : stack) {
            h = b.forward(ps, new NDList(h), training).head(); // (B,T,C)
        }
        return h;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,W,V)
        NDArray last = features(ps, x, training).get(new NDIndex(":, -1, :")); // (B,C)
        NDArray out = head.forward(ps, new NDList(last), training).head(); // (B,H·V)
        return new NDList(out.reshape(x.getShape().get(0), horizon, variables)); // (B,H,V)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), horizon, variables)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0]; // (B,W,V)
        for (TcnBlock b : stack) {
            b.initialize(manager, dataType, h);
            h = b.getOutputShapes(new Shape[] {h})[0];
        }
        head.initialize(manager, dataType, new Shape(h.get(0), h.get(2)));
    }
}
