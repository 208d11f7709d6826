package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.PositionalSelfAttention;
import org.deepdrill.demo.lib.blocks.SinusoidalEncoding;

/**
 * A one-layer causal transformer for token tasks, with one of four ways to give it positions, or none.
 * Input: token ids (B,T) as floats. Outputs: [logits (B,T,V), attention weights (B,H,T,T)].
 * Layout: embed (+ position vectors) → x + attention(LN(x)) → LN → linear to V.
 */
final class PositionTaskModel extends AbstractBlock {
    /** How positions enter the model; NONE leaves only the causal mask to hint at order. */
    enum Encoding { SINUSOIDAL, LEARNED, ROPE, ALIBI, NONE }

    static final double BASE = 10_000;

    private final int vocab;
    private final int embed;
    private final int maxLen;
    private final Encoding encoding;
    private final Parameter tokens;
    private final Parameter positions;
    private final LayerNorm norm1;
    private final PositionalSelfAttention attention;
    private final LayerNorm norm2;
    private final Linear head;

    PositionTaskModel(int vocab, int embed, int heads, int maxLen, Encoding encoding) {
        super((byte) 1);
        this.vocab = vocab;
        this.embed = embed;
        this.maxLen = maxLen;
        this.encoding = encoding;
        this.tokens = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(1f)).optShape(new Shape(vocab, embed)).build());
        // Learned positions: maxLen rows, but training only ever reaches the first L of them.
        this.positions = encoding == Encoding.LEARNED ? addParameter(Parameter.builder().setName("positions")
                .setType(Parameter.Type.WEIGHT).optInitializer(new NormalInitializer(1f))
                .optShape(new Shape(maxLen, embed)).build()) : null;
        PositionalSelfAttention.Mode mode = switch (encoding) {
            case ROPE -> PositionalSelfAttention.Mode.ROPE;
            case ALIBI -> PositionalSelfAttention.Mode.ALIBI;
            default -> PositionalSelfAttention.Mode.NONE;
        };
        this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", new PositionalSelfAttention(embed, heads, mode, BASE));
        this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(vocab).build());
    }

    Encoding encoding() {
        return encoding;
    }

    Parameter positionTable() {
        return positions;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0); // (B,T)
        int t = (int) ids.getShape().get(1);
        if (t > maxLen) {
            throw new IllegalArgumentException("sequence of " + t + " tokens is longer than the model's " + maxLen);
        }
        NDManager m = ids.getManager();
        NDArray table = ps.getValue(tokens, ids.getDevice(), training); // (V,E)
        NDArray x = ids.oneHot(vocab).matMul(table); // (B,T,E)
        if (encoding == Encoding.SINUSOIDAL) {
            x = x.add(SinusoidalEncoding.table(m, t, embed, BASE)); // (B,T,E) + (T,E)
        } else if (encoding == Encoding.LEARNED) {
            x = x.add(ps.getValue(positions, ids.getDevice(), training).get("0:{}", t)); // + (T,E)
        }
        NDList att = attention.forward(ps, norm1.forward(ps, new NDList(x), training), training); // (B,T,E), (B,H,T,T)
        NDArray y = x.add(att.head()); // (B,T,E)
        NDArray logits = head.forward(ps, norm2.forward(ps, new NDList(y), training), training).head(); // (B,T,V)
        return new NDList(logits, att.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape ids = inputs[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), vocab), new Shape(ids.get(0), -1, ids.get(1), ids.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), embed);
        norm1.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        head.initialize(manager, dataType, x);
    }
}
