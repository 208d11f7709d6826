package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import org.deepdrill.demo.lib.blocks.PatchEmbedding;
import org.deepdrill.demo.lib.blocks.PositionalSelfAttention;
import org.deepdrill.demo.lib.blocks.PreLnBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny Vision Transformer: patch embedding, a learned class token prepended, learned position
 * vectors added, pre-LN encoder blocks, a final LayerNorm and a linear head on the class token.
 * Input (B,1,S,S). Outputs [logits (B,C), last block's attention (B,H,N+1,N+1)].
 */
final class TinyVit extends AbstractBlock {
    private final int embed;
    private final int tokens;
    private final PatchEmbedding patches;
    private final Parameter cls;
    private final Parameter positions;
    private final List<PreLnBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear head;

    TinyVit(int size, int patch, int embed, int heads, int depth, int classes) {
        super((byte) 1);
        this.embed = embed;
        this.tokens = (size / patch) * (size / patch) + 1;
        this.patches = addChildBlock("patches", new PatchEmbedding(patch, embed));
        this.cls = addParameter(Parameter.builder().setName("cls").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.02f)).optShape(new Shape(1, 1, embed)).build());
        this.positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.02f)).optShape(new Shape(1, tokens, embed)).build());
        for (int i = 0; i < depth; i++) {
            blocks.add(addChildBlock("block" + i, new PreLnBlock(embed, heads, 2 * embed, PositionalSelfAttention.Mode.NONE, false)));
        }
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray img = inputs.get(0); // (B,1,S,S)
        long b = img.getShape().get(0);
        NDArray x = patches.forward(ps, new NDList(img), training).head(); // (B,N,E)
        NDArray c = ps.getValue(cls, img.getDevice(), training).broadcast(b, 1, embed); // (B,1,E)
        x = NDArrays.concat(new NDList(c, x), 1); // (B,N+1,E)
        x = x.add(ps.getValue(positions, img.getDevice(), training)); // (B,N+1,E)
        NDArray att = null;
        for (PreLnBlock block : blocks) {
            NDList out = block.forward(ps, new NDList(x), training); // (B,N+1,E), (B,H,N+1,N+1)
            x = out.get(0);
            att = out.get(1);
        }
        NDArray first = norm.forward(ps, new NDList(x), training).head().get(":, 0, :"); // (B,E), the class token
        return new NDList(head.forward(ps, new NDList(first), training).head(), att);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, -1), new Shape(b, -1, tokens, tokens)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape img = inputShapes[0];
        patches.initialize(manager, dataType, img);
        Shape x = new Shape(img.get(0), tokens, embed);
        for (PreLnBlock block : blocks) {
            block.initialize(manager, dataType, x);
        }
        norm.initialize(manager, dataType, x);
        head.initialize(manager, dataType, new Shape(img.get(0), embed));
    }
}
