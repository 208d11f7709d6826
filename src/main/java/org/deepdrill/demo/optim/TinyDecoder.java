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
 * whole prefix each step, or feed new tokens only and read keys and values from a cache that grows
 * by one row per token. Token embeddings are tied to the output layer. It counts the multiply-adds
 * of every matmul it runs, from the shapes of the arrays that went through.
 */
final class TinyDecoder {
    private final int heads;
    private final NDArray tokens; // (V,E)
    private final NDArray positions; // (Tmax,E)
    private final List<Layer> layers = new ArrayList<>();
    private final ParameterStore ps;
    private long macs;

    private record Layer(LayerNorm norm1, MultiHeadAttention attention, LayerNorm norm2, Linear hidden, Linear out) {
    }

    TinyDecoder(NDManager m, int vocab, int embed, int heads, int depth, int maxLen) {
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

    /** Multiply-adds of all matmuls run so far. */
    long macs() {
        return macs;
    }

    /** Keys and values of every layer, (B,H,t,D) each, grown by one row per token; owned by one manager. */
    static final class Cache {
        private final NDManager manager;
        private final List<NDArray> keys = new ArrayList<>();
        private final List<NDArray> values = new ArrayList<>();
        private int length;

        Cache(NDManager manager) {
            this.manager = manager;
        }

        int length() {
            return length;
        }

        /** Appends k and v (B,H,T,D) of layer i; the old arrays are freed. */
        private void append(int i, NDArray k, NDArray v) {
            if (keys.size() <= i) {
                k.attach(manager);
                v.attach(manager);
                keys.add(k);
                values.add(v);
                return;
            }
            replace(keys, i, keys.get(i).concat(k, 2));
            replace(values, i, values.get(i).concat(v, 2));
        }

        /** Sets layer i to k and v (B,H,T,D), freeing what it held. */
        private void set(int i, NDArray k, NDArray v) {
            if (keys.size() <= i) {
                append(i, k, v);
                return;
            }
            k.attach(manager);
            v.attach(manager);
            keys.set(i, k).close();
            values.set(i, v).close();
        }

        private void replace(List<NDArray> list, int i, NDArray next) {
            next.attach(manager);
            list.set(i, next).close();
        }
    }

    /** Logits of the last position, recomputing the whole prefix ids (B,T). */
    NDArray fullForward(NDArray ids) {
        return forward(ids, 0, null, false);
    }

    /**
     * Feeds ids (B,T) at positions [cache.length, cache.length+T): their keys and values are appended to
     * the cache and attention reads the cached ones. {@code positionStart} is where the position table is
     * read from: cache.length is right.
     */
    NDArray cachedForward(NDArray ids, Cache cache, int positionStart) {
        NDArray logits = forward(ids, positionStart, cache, true);
        cache.length += (int) ids.getShape().get(1);
        return logits;
    }

    /** Recomputes the whole prefix ids (B,T) and overwrites the cache with its keys and values. */
    NDArray refillForward(NDArray ids, Cache cache) {
        cache.length = 0;
        NDArray logits = forward(ids, 0, cache, false);
        cache.length = (int) ids.getShape().get(1);
        return logits;
    }

    /**
     * One pass over ids (B,T). Without a cache, or when {@code append} is false, attention runs over these
     * positions only (causal); with {@code append} it runs over the cached positions plus these.
     */
    private NDArray forward(NDArray ids, int positionStart, Cache cache, boolean append) {
        NDManager m = ids.getManager();
        int t = (int) ids.getShape().get(1);
        int past = append ? cache.length : 0;
        NDArray x = embedTokens(ids, positionStart); // (B,T,E)
        NDArray mask = t > 1 ? prefixCausalMask(m, past, t) : null; // (1,1,T,past+T)
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            NDArray h = l.norm1.forward(ps, new NDList(x), false).head(); // (B,T,E)
            NDArray q = Attention.splitHeads(linear(l.attention.queryProjection(), h), heads); // (B,H,T,D)
            NDArray k = Attention.splitHeads(linear(l.attention.keyProjection(), h), heads); // (B,H,T,D)
            NDArray v = Attention.splitHeads(linear(l.attention.valueProjection(), h), heads); // (B,H,T,D)
            if (cache != null && append) {
                cache.append(i, k, v);
                k = cache.keys.get(i); // (B,H,past+T,D)
                v = cache.values.get(i);
            } else if (cache != null) {
                cache.set(i, k, v);
            }
            if (cache != null) {
                // Borrowed for the step: views such as kᵀ would otherwise attach to the cache's manager and
                // keep every old cache alive with them.
                m.tempAttachAll(k, v);
            }
            countAttention(q, k);
            NDArray att = Attention.scaledDotProduct(q, k, v, mask).head(); // (B,H,T,D)
            x = x.add(linear(l.attention.outputProjection(), Attention.mergeHeads(att))); // (B,T,E)
            x = x.add(mlp(l, x));
        }
        NDArray last = x.get(new NDIndex(":, -1")); // (B,E)
        macs += last.getShape().size() * tokens.getShape().get(0);
        return last.matMul(tokens.transpose()); // (B,E)·(E,V) = (B,V)
    }

    private NDArray embedTokens(NDArray ids, int start) {
        long t = ids.getShape().get(1);
        NDArray x = tokens.get(ids); // (B,T,E)
        x.attach(ids.getManager()); // keep the step's activations in the caller's step manager
        return x.add(positions.get(start + ":" + (start + t)).expandDims(0)); // (B,T,E)
    }

    private NDArray mlp(Layer l, NDArray x) {
        NDArray h = l.norm2.forward(ps, new NDList(x), false).head();
        h = Activation.gelu(linear(l.hidden, h)); // (B,T,4E)
        return linear(l.out, h); // (B,T,E)
    }

    /** A linear layer on x (…, in); counts rows × in × out multiply-adds from the shapes that ran. */
    private NDArray linear(Linear layer, NDArray x) {
        NDArray y = layer.forward(ps, new NDList(x), false).head();
        macs += x.getShape().size() * y.getShape().getLastDimension();
        return y;
    }

    /** q·kᵀ and weights·v: B·H·T·S·D multiply-adds each. */
    private void countAttention(NDArray q, NDArray k) {
        Shape qs = q.getShape();
        macs += 2 * qs.size() * k.getShape().get(2);
    }

    /** Query i (absolute past+i) may see keys j ≤ past+i. */
    private static NDArray prefixCausalMask(NDManager m, int past, int t) {
        NDArray i = m.arange(t).add(past).reshape(t, 1);
        NDArray j = m.arange(past + t).reshape(1, past + t);
        return j.lte(i).toType(DataType.FLOAT32, false).reshape(1, 1, t, past + t);
    }
}
