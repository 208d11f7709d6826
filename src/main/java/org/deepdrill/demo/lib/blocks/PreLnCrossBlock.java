package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The cross-attention half of a pre-LN decoder layer: q + MHA(LN(q), memory), then + MLP(LN(·)).
 * The memory is the encoder output (already normalised by the encoder's final LayerNorm).
 *
 * <p>Inputs [q (B,T,E), memory (B,S,E)]. Outputs [y (B,T,E), cross-attention weights (B,H,T,S)].
 */
public final class PreLnCrossBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final Linear hidden;
    private final Linear out;

    public PreLnCrossBlock(int embed, int heads, int mlpHidden) {
        super((byte) 1);
        this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", MultiHeadAttention.builder().embedding(embed).heads(heads).build());
        this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        this.hidden = addChildBlock("mlpHidden", Linear.builder().setUnits(mlpHidden).build());
        this.out = addChildBlock("mlpOut", Linear.builder().setUnits(embed).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray q = inputs.get(0); // (B,T,E)
        NDArray memory = inputs.get(1); // (B,S,E)
        NDArray qn = norm1.forward(ps, new NDList(q), training).head(); // (B,T,E)
        NDList att = attention.forward(ps, new NDList(qn, memory), training); // (B,T,E), (B,H,T,S)
        NDArray y = q.add(att.head()); // (B,T,E)
        NDArray h = norm2.forward(ps, new NDList(y), training).head();
        h = Activation.gelu(hidden.forward(ps, new NDList(h), training).head()); // (B,T,M)
        y = y.add(out.forward(ps, new NDList(h), training).head()); // (B,T,E)
        return new NDList(y, att.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape q = inputs[0];
        return new Shape[] {q, new Shape(q.get(0), attention.heads(), q.get(1), inputs[1].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape q = inputShapes[0];
        norm1.initialize(manager, dataType, q);
        attention.initialize(manager, dataType, q, inputShapes[1]);
        norm2.initialize(manager, dataType, q);
        hidden.initialize(manager, dataType, q);
        out.initialize(manager, dataType, new Shape(q.get(0), q.get(1), hidden.getOutputShapes(new Shape[] {q})[0].get(2)));
    }
}
