package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An LSTM encoder with temporal attention: the last hidden state asks a query, every hidden state
 * answers as a key and value, and the context plus the last state feed a linear head that emits the
 * whole horizon.
 *
 * <p>Input [x (B,W,V)], outputs [forecast (B,H,V), attention over time (B,W)].
 */
final class AttentionLstmForecaster extends AbstractBlock {
    private final int horizon;
    private final int variables;
    private final int hidden;
    private final LSTM lstm;
    private final Linear query;
    private final Linear head;

    AttentionLstmForecaster(int variables, int horizon, int hidden) {
        super((byte) 1);
        this.horizon = horizon;
        this.variables = variables;
        this.hidden = hidden;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
        this.query = addChildBlock("query", Linear.builder().setUnits(hidden).build());
        this.head = addChildBlock("head", Linear.builder().setUnits((long) horizon * variables).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,W,V)
        long b = x.getShape().get(0);
        NDArray hs = lstm.forward(ps, new NDList(x), training).head(); // (B,W,D)
        NDArray last = hs.get(new NDIndex(":, -1, :")); // (B,D)
        NDArray q = query.forward(ps, new NDList(last), training).head(); // (B,D)
        NDArray scores = hs.matMul(q.expandDims(2)).squeeze(2).div(org.deepdrill.demo.lib.train.Scalars.of(Math.sqrt(hidden))); // (B,W)
        NDArray weights = scores.softmax(1); // (B,W)
        NDArray context = weights.expandDims(1).matMul(hs).squeeze(1); // (B,D)
        NDArray features = context.concat(last, 1); // (B,2D)
        NDArray out = head.forward(ps, new NDList(features), training).head(); // (B,H·V)
        return new NDList(out.reshape(b, horizon, variables), weights);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), horizon, variables), new Shape(x.get(0), x.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        lstm.initialize(manager, dataType, x);
        query.initialize(manager, dataType, new Shape(x.get(0), hidden));
        head.initialize(manager, dataType, new Shape(x.get(0), 2L * hidden));
    }
}
