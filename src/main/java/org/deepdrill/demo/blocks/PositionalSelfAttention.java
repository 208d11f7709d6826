package org.deepdrill.demo.blocks;

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
 * Causal multi-head self-attention that can put position into the scores itself: RoPE rotates the
 * queries and keys, ALiBi adds a distance penalty, NONE leaves the scores alone (for models that
 * add position vectors to the input instead).
 * Input [x (B,T,E)]; outputs [out (B,T,E), weights (B,H,T,T)].
 */
public final class PositionalSelfAttention extends AbstractBlock {
    /** Where the position information enters the scores. */
    public enum Mode { NONE, ROPE, ALIBI }

    private final int embed;
    private final int heads;
    private final Mode mode;
    private final double ropeBase;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    public PositionalSelfAttention(int embed, int heads, Mode mode, double ropeBase) {
        super((byte) 1);
        if (embed % heads != 0) {
            throw new IllegalArgumentException("embedding size " + embed + " is not divisible by " + heads + " heads");
        }
        this.embed = embed;
        this.heads = heads;
        this.mode = mode;
        this.ropeBase = ropeBase;
        this.query = addChildBlock("query", Linear.builder().setUnits(embed).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(embed).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(embed).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(embed).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B,T,E)
        int t = (int) x.getShape().get(1);
        NDManager m = x.getManager();
        NDArray q = Attention.splitHeads(project(ps, query, x, training), heads); // (B,H,T,D)
        NDArray k = Attention.splitHeads(project(ps, key, x, training), heads); // (B,H,T,D)
        NDArray v = Attention.splitHeads(project(ps, value, x, training), heads); // (B,H,T,D)
        if (mode == Mode.ROPE) {
            q = Rope.apply(q, ropeBase);
            k = Rope.apply(k, ropeBase);
        }
        double d = embed / (double) heads;
        NDArray scores = q.matMul(k.swapAxes(-1, -2)).div(Math.sqrt(d)); // (B,H,T,T)
        if (mode == Mode.ALIBI) {
            scores = scores.add(Alibi.bias(m, heads, t)); // (B,H,T,T)
        }
        NDArray weights = Attention.applyMask(scores, Attention.causalMask(m, t)).softmax(-1); // (B,H,T,T)
        NDArray merged = Attention.mergeHeads(weights.matMul(v)); // (B,T,E)
        return new NDList(project(ps, output, merged, training), weights);
    }

    private static NDArray project(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {x, new Shape(x.get(0), heads, x.get(1), x.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape flat = new Shape(-1, embed);
        for (Linear l : new Linear[] {query, key, value, output}) {
            l.initialize(manager, dataType, flat);
        }
    }
}
