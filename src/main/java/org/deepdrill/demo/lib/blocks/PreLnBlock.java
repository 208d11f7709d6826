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
 * A pre-LayerNorm transformer block built on {@link PositionalSelfAttention}: x + attention(LN(x)),
 * then x + MLP(LN(x)) with a GELU MLP. Unlike {@link PreLnEncoderBlock} it can be causal and can use
 * RoPE or ALiBi, and it is safe under autograd (see {@link PositionalSelfAttention}).
 * Input [x (B,T,E)]; outputs [y (B,T,E), attention weights (B,H,T,T)].
 */
public final class PreLnBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final PositionalSelfAttention attention;
    private final LayerNorm norm2;
    private final Linear hidden;
    private final Linear out;
    private final int embed;
    private final int mlp;

    public PreLnBlock(int embed, int heads, int mlp, PositionalSelfAttention.Mode mode, boolean causal) {
        super((byte) 1);
        this.embed = embed;
        this.mlp = mlp;
        this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", new PositionalSelfAttention(embed, heads, mode, 10_000, causal));
        this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        this.hidden = addChildBlock("mlpHidden", Linear.builder().setUnits(mlp).build());
        this.out = addChildBlock("mlpOut", Linear.builder().setUnits(embed).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B,T,E)
        NDList att = attention.forward(ps, norm1.forward(ps, new NDList(x), training), training); // (B,T,E), (B,H,T,T)
        NDArray y = x.add(att.head()); // (B,T,E)
        NDArray h = norm2.forward(ps, new NDList(y), training).head(); // (B,T,E)
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
        out.initialize(manager, dataType, new Shape(x.get(0), x.get(1), mlp));
    }
}
