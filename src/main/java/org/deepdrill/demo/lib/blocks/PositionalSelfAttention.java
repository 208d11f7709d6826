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
 * Multi-head self-attention, causal or not, that can put position into the scores itself: RoPE
 * rotates the queries and keys, ALiBi adds a distance penalty, NONE leaves the scores alone (for
 * models that add position vectors to the input instead).
 * Input [x (B,T,E)]; outputs [out (B,T,E), weights (B,H,T,T)].
 *
 * <p>Safe to train: it never multiplies a recorded tensor by a Java number. DJL 0.32 on PyTorch turns
 * such a number into a scalar tensor over a Java buffer and closes it at once, while autograd keeps
 * it for the backward pass; once the garbage collector frees the buffer, gradients read freed memory
 * and turn NaN at random steps. Constants here are arrays that live until the step's manager closes.
 */
public final class PositionalSelfAttention extends AbstractBlock {
    /** Where the position information enters the scores. */
    public enum Mode { NONE, ROPE, ALIBI }

    private final int embed;
    private final int heads;
    private final Mode mode;
    private final double ropeBase;
    private final boolean causal;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    public PositionalSelfAttention(int embed, int heads, Mode mode, double ropeBase) {
        this(embed, heads, mode, ropeBase, true);
    }

    public PositionalSelfAttention(int embed, int heads, Mode mode, double ropeBase, boolean causal) {
        super((byte) 1);
        if (embed % heads != 0) {
            throw new IllegalArgumentException("embedding size " + embed + " is not divisible by " + heads + " heads");
        }
        this.embed = embed;
        this.heads = heads;
        this.mode = mode;
        this.ropeBase = ropeBase;
        this.causal = causal;
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
        NDArray scale = m.create((float) (1 / Math.sqrt(embed / (double) heads))); // () kept until m closes
        NDArray scores = q.mul(scale).matMul(k.swapAxes(-1, -2)); // (B,H,T,T)
        if (mode == Mode.ALIBI) {
            scores = scores.add(Alibi.bias(m, heads, t)); // (B,H,T,T)
        }
        if (causal) {
            // Future keys get −10⁴ added: exp(−10⁴) is exactly 0 in fp32, far from any overflow.
            scores = scores.add(Attention.causalMask(m, t).sub(1).mul(org.deepdrill.demo.lib.train.Scalars.of(1e4f))); // + (1,1,T,T), 0 or −10⁴
        }
        NDArray weights = scores.softmax(-1); // (B,H,T,T)
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
