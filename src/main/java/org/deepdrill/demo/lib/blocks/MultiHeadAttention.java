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
 * Multi-head attention written with NDArray operations, for teaching and reuse.
 *
 * <p>Inputs: [x (B,T,E)] for self-attention; [x, mask (B|1,1|H,T,T)] for masked self-attention;
 * [query (B,T,E), keyValue (B,S,E)] or [query, keyValue, mask] for cross-attention.
 * Outputs: [out (B,T,E), weights (B,H,T,S)].
 */
public final class MultiHeadAttention extends AbstractBlock {
    private final int embed;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    private MultiHeadAttention(Builder b) {
        super((byte) 1);
        if (b.embed % b.heads != 0) {
            throw new IllegalArgumentException("embedding size " + b.embed + " is not divisible by " + b.heads + " heads");
        }
        this.embed = b.embed;
        this.heads = b.heads;
        this.query = addChildBlock("query", Linear.builder().setUnits(embed).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(embed).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(embed).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(embed).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int heads() {
        return heads;
    }

    public Linear queryProjection() {
        return query;
    }

    public Linear keyProjection() {
        return key;
    }

    public Linear valueProjection() {
        return value;
    }

    public Linear outputProjection() {
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B,T,E)
        NDArray kv = x;
        NDArray mask = null;
        if (inputs.size() == 2) {
            if (inputs.get(1).getShape().dimension() == 4) {
                mask = inputs.get(1);
            } else {
                kv = inputs.get(1);
            }
        } else if (inputs.size() == 3) {
            kv = inputs.get(1);
            mask = inputs.get(2);
        }
        NDArray q = Attention.splitHeads(project(ps, query, x, training), heads); // (B,H,T,D)
        NDArray k = Attention.splitHeads(project(ps, key, kv, training), heads); // (B,H,S,D)
        NDArray v = Attention.splitHeads(project(ps, value, kv, training), heads); // (B,H,S,D)
        NDList att = Attention.scaledDotProduct(q, k, v, mask); // (B,H,T,D), (B,H,T,S)
        NDArray merged = Attention.mergeHeads(att.get(0)); // (B,T,E)
        return new NDList(project(ps, output, merged, training), att.get(1));
    }

    private static NDArray project(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        long s = inputs.length >= 2 && inputs[1].dimension() == 3 ? inputs[1].get(1) : x.get(1);
        return new Shape[] {x, new Shape(x.get(0), heads, x.get(1), s)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape flat = new Shape(-1, embed);
        query.initialize(manager, dataType, flat);
        key.initialize(manager, dataType, flat);
        value.initialize(manager, dataType, flat);
        output.initialize(manager, dataType, flat);
    }

    /** Builder for {@link MultiHeadAttention}. */
    public static final class Builder {
        private int embed = 64;
        private int heads = 4;

        public Builder embedding(int size) {
            this.embed = size;
            return this;
        }

        public Builder heads(int count) {
            this.heads = count;
            return this;
        }

        public MultiHeadAttention build() {
            return new MultiHeadAttention(this);
        }
    }
}
