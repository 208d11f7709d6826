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
 * A pre-LayerNorm transformer encoder block: x + MHA(LN(x)), then x + MLP(LN(x)). Given a memory
 * it is the cross-attention half of a decoder layer instead: x + MHA(LN(x), memory), then the same
 * MLP; the memory (e.g. the encoder output after its final LayerNorm) is used as it comes.
 * Inputs: [x (B,T,E)], [x, mask (B|1,1,T,T)] or [x, memory (B,S,E)].
 * Outputs: [y (B,T,E), attention weights (B,H,T,T) or, with a memory, (B,H,T,S)].
 */
public final class PreLnEncoderBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final Linear hidden;
    private final Linear out;

    public PreLnEncoderBlock(int embed, int heads, int mlpHidden) {
        super((byte) 1);
        this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", MultiHeadAttention.builder().embedding(embed).heads(heads).build());
        this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        this.hidden = addChildBlock("mlpHidden", Linear.builder().setUnits(mlpHidden).build());
        this.out = addChildBlock("mlpOut", Linear.builder().setUnits(embed).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B,T,E)
        NDList attIn = inputs.size() > 1
                ? new NDList(norm1.forward(ps, new NDList(x), training).head(), inputs.get(1))
                : norm1.forward(ps, new NDList(x), training);
        NDList att = attention.forward(ps, attIn, training); // (B,T,E), (B,H,T,T|S)
        NDArray y = x.add(att.head()); // (B,T,E)
        NDArray h = norm2.forward(ps, new NDList(y), training).head();
        h = Activation.gelu(hidden.forward(ps, new NDList(h), training).head()); // (B,T,M)
        y = y.add(out.forward(ps, new NDList(h), training).head()); // (B,T,E)
        return new NDList(y, att.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return attention.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        norm1.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        hidden.initialize(manager, dataType, x);
        out.initialize(manager, dataType, new Shape(x.get(0), x.get(1), hidden.getOutputShapes(new Shape[] {x})[0].get(2)));
    }
}
