package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;

import java.util.ArrayList;
import java.util.List;

/**
 * A small pre-LN decoder-only transformer with random weights, decodable two ways: recompute the
 * whole prefix each step, or feed one token and read keys and values from a pre-allocated cache.
 * Token embeddings are tied to the output layer.
 */
public final class TinyDecoder {
    private final int embed;
    private final int heads;
    private final NDArray tokens; // (V,E)
    private final NDArray positions; // (Tmax,E)
    private final List<Layer> layers = new ArrayList<>();
    private final ParameterStore ps;

    private record Layer(LayerNorm norm1, MultiHeadAttention attention, LayerNorm norm2, Linear hidden, Linear out) {
    }

    public TinyDecoder(NDManager m, int vocab, int embed, int heads, int depth, int maxLen) {
        this.embed = embed;
        this.heads = heads;
        this.ps = new ParameterStore(m, false);
        this.tokens = m.randomNormal(0, 1, new Shape(vocab, embed), DataType.FLOAT32);
        this.positions = m.randomNormal(0, 0.5f, new Shape(maxLen, embed), DataType.FLOAT32);
        Shape x = new Shape(1, 1, embed);
        for (int i = 0; i < depth; i++) {
            LayerNorm n1 = LayerNorm.builder().axis(2).build();
            MultiHeadAttention att = MultiHeadAttention.builder().embedding(embed).heads(heads).build();
            LayerNorm n2 = LayerNorm.builder().axis(2).build();
            Linear hid = Linear.builder().setUnits(4L * embed).build();
            Linear out = Linear.builder().setUnits(embed).build();
            n1.initialize(m, DataType.FLOAT32, x);
            att.initialize(m, DataType.FLOAT32, x);
            n2.initialize(m, DataType.FLOAT32, x);
            hid.initialize(m, DataType.FLOAT32, x);
            out.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4L * embed));
            layers.add(new Layer(n1, att, n2, hid, out));
        }
    }

    public int depth() {
        return layers.size();
    }

    /** Keys and values of every layer: (B,H,Tmax,D) each, filled up to the current length. */
    public static final class Cache {
        final List<NDArray> keys = new ArrayList<>();
        final List<NDArray> values = new ArrayList<>();
        int length;

        /** Bytes held by the cache arrays as allocated. */
        public long bytes() {
            long n = 0;
            for (int i = 0; i < keys.size(); i++) {
                n += keys.get(i).getShape().size() * 4 + values.get(i).getShape().size() * 4;
            }
            return n;
        }

        public int length() {
            return length;
        }
    }

    public Cache newCache(NDManager m, int batch, int maxLen) {
        Cache c = new Cache();
        for (int i = 0; i < layers.size(); i++) {
            c.keys.add(m.zeros(new Shape(batch, heads, maxLen, embed / heads)));
            c.values.add(m.zeros(new Shape(batch, heads, maxLen, embed / heads)));
        }
        return c;
    }

    private NDArray embedTokens(NDArray ids, int start) {
        long t = ids.getShape().get(1);
        NDArray x = tokens.get(ids); // (B,T,E)
        x.attach(ids.getManager()); // keep the step's activations in the caller's step manager
        return x.add(positions.get(start + ":" + (start + t)).expandDims(0)); // (B,T,E)
    }

    /** Logits of the last position, recomputing the whole prefix ids (B,T). */
    public NDArray fullForward(NDArray ids) {
        int t = (int) ids.getShape().get(1);
        NDArray x = embedTokens(ids, 0); // (B,T,E)
        NDArray mask = Attention.causalMask(ids.getManager(), t); // (1,1,T,T)
        for (Layer l : layers) {
            NDArray h = l.norm1.forward(ps, new NDList(x), false).head();
            x = x.add(l.attention.forward(ps, new NDList(h, mask), false).head()); // (B,T,E)
            x = x.add(mlp(l, x));
        }
        return logits(x.get(new NDIndex(":, -1"))); // (B,V)
    }

    /** Feeds ids (B,T) at positions [cache.length, cache.length+T), writing their keys and values into the cache. */
    public NDArray cachedForward(NDArray ids, Cache cache) {
        int start = cache.length;
        int t = (int) ids.getShape().get(1);
        int end = start + t;
        NDArray x = embedTokens(ids, start); // (B,T,E)
        NDArray mask = t > 1 ? prefixCausalMask(ids.getManager(), start, t) : null; // (1,1,T,end)
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            NDArray h = l.norm1.forward(ps, new NDList(x), false).head(); // (B,T,E)
            NDArray q = Attention.splitHeads(project(l.attention.queryProjection(), h), heads); // (B,H,T,D)
            NDArray k = Attention.splitHeads(project(l.attention.keyProjection(), h), heads); // (B,H,T,D)
            NDArray v = Attention.splitHeads(project(l.attention.valueProjection(), h), heads); // (B,H,T,D)
            NDIndex slot = new NDIndex(":, :, {}:{}", start, end);
            cache.keys.get(i).set(slot, k);
            cache.values.get(i).set(slot, v);
            NDIndex upTo = new NDIndex(":, :, 0:{}", end);
            NDArray att = Attention.scaledDotProduct(q, cache.keys.get(i).get(upTo), cache.values.get(i).get(upTo),
                    mask).head(); // (B,H,T,D)
            x = x.add(project(l.attention.outputProjection(), Attention.mergeHeads(att))); // (B,T,E)
            x = x.add(mlp(l, x));
        }
        cache.length = end;
        return logits(x.get(new NDIndex(":, -1"))); // (B,V)
    }

    private NDArray mlp(Layer l, NDArray x) {
        NDArray h = l.norm2.forward(ps, new NDList(x), false).head();
        h = Activation.gelu(l.hidden.forward(ps, new NDList(h), false).head()); // (B,T,4E)
        return l.out.forward(ps, new NDList(h), false).head(); // (B,T,E)
    }

    private NDArray project(Linear layer, NDArray x) {
        return layer.forward(ps, new NDList(x), false).head();
    }

    private NDArray logits(NDArray last) {
        return last.matMul(tokens.transpose()); // (B,E)·(E,V) = (B,V)
    }

    /** Query i (absolute start+i) may see keys j ≤ start+i. */
    private static NDArray prefixCausalMask(NDManager m, int start, int t) {
        NDArray i = m.arange(t).add(start).reshape(t, 1);
        NDArray j = m.arange(start + t).reshape(1, start + t);
        return j.lte(i).toType(DataType.FLOAT32, false).reshape(1, 1, t, start + t);
    }
}
