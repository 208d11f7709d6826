package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.MultiHeadAttention;
import org.deepdrill.demo.lib.train.Scalars;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The multi-head attention of the Q8 demo, written out with the four projections of a
 * {@link MultiHeadAttention} block: project, split into heads, one batched scaled dot product,
 * merge, project. {@code transposeSplit = false} is the classic bug: a bare reshape of (B,T,E) to
 * (B,H,T,D), which cuts each head's rows across tokens instead of across channels.
 */
final class ScratchMha {
    private ScratchMha() {
    }

    /** x (B,T,E), mask (B|1,1,T|1,T) or null. Returns [out (B,T,E), weights (B,H,T,T)]. */
    static NDList forward(ParameterStore ps, MultiHeadAttention mha, NDArray x, NDArray mask, boolean transposeSplit) {
        int h = mha.heads();
        NDArray q = split(project(ps, mha.queryProjection(), x), h, transposeSplit); // (B,H,T,D)
        NDArray k = split(project(ps, mha.keyProjection(), x), h, transposeSplit); // (B,H,T,D)
        NDArray v = split(project(ps, mha.valueProjection(), x), h, transposeSplit); // (B,H,T,D)
        NDList att = Attention.scaledDotProduct(q, k, v, mask); // (B,H,T,D), (B,H,T,T)
        NDArray merged = transposeSplit ? Attention.mergeHeads(att.get(0)) : att.get(0).reshape(x.getShape()); // (B,T,E)
        return new NDList(project(ps, mha.outputProjection(), merged), att.get(1));
    }

    private static NDArray split(NDArray x, int heads, boolean transpose) {
        if (transpose) {
            return Attention.splitHeads(x, heads); // (B,T,H,D) then (B,H,T,D)
        }
        Shape s = x.getShape();
        return x.reshape(s.get(0), heads, s.get(1), s.get(2) / heads); // the bug: rows of a head span tokens
    }

    private static NDArray project(ParameterStore ps, Linear layer, NDArray x) {
        return layer.forward(ps, new NDList(x), false).head();
    }

    /**
     * The slow way: one chain of small matmuls per sequence and per head, from slices of the same
     * weights. Every array it makes lands in {@code s}, so {@code s} can count them.
     */
    static NDArray naiveLoop(NDManager s, NDArray x, MultiHeadAttention mha, NDArray mask) {
        int heads = mha.heads();
        NDArray[] w = new NDArray[8];
        Linear[] layers = {mha.queryProjection(), mha.keyProjection(), mha.valueProjection(), mha.outputProjection()};
        for (int i = 0; i < 4; i++) {
            w[2 * i] = layers[i].getParameters().get("weight").getArray();
            w[2 * i + 1] = layers[i].getParameters().get("bias").getArray();
        }
        for (NDArray a : w) {
            a.tempAttach(s); // slices of the weights then land in s; they go back when s closes
        }
        long bsz = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2) / heads;
        NDArray scale = Scalars.of(Math.sqrt(d));
        NDArray square = mask == null ? null : mask.reshape(mask.getShape().get(2), t); // (T|1,T)
        NDList outs = new NDList();
        for (int i = 0; i < bsz; i++) {
            NDArray xi = x.get(i); // (T,E)
            xi.attach(s);
            NDList headOuts = new NDList();
            for (int hh = 0; hh < heads; hh++) {
                String rows = hh * d + ":" + (hh + 1) * d;
                NDArray q = xi.matMul(w[0].get(rows).transpose()).add(w[1].get(rows)); // (T,D)
                NDArray k = xi.matMul(w[2].get(rows).transpose()).add(w[3].get(rows)); // (T,D)
                NDArray v = xi.matMul(w[4].get(rows).transpose()).add(w[5].get(rows)); // (T,D)
                NDArray scores = q.matMul(k.transpose()).div(scale); // (T,T)
                if (square != null) {
                    scores = Attention.applyMask(scores, square);
                }
                headOuts.add(scores.softmax(-1).matMul(v)); // (T,D)
            }
            outs.add(NDArrays.concat(headOuts, 1).matMul(w[6].transpose()).add(w[7])); // (T,E)
        }
        return NDArrays.stack(outs); // (B,T,E)
    }

    /** Copies weight and bias from one Linear layer to another of the same size. */
    static void copy(Linear from, Linear to) {
        for (String name : List.of("weight", "bias")) {
            NDArray src = from.getParameters().get(name).getArray();
            to.getParameters().get(name).getArray().set(FloatBuffer.wrap(src.toFloatArray()));
        }
    }

    /** Sets a square Linear layer's weight (row-major, out × in) and zeroes its bias. */
    static void set(Linear layer, float[] weight, int e) {
        layer.getParameters().get("weight").getArray().set(FloatBuffer.wrap(weight));
        layer.getParameters().get("bias").getArray().set(FloatBuffer.wrap(new float[e]));
    }
}
