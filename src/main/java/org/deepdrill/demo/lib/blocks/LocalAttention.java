package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Banded (sliding-window) attention done with blocked matrix products: query i sees keys j with
 * |i − j| ≤ W (or i − W ≤ j ≤ i when causal). The sequence is cut into blocks of W; each query block
 * attends to its own block and the two neighbours, so the score tensor is (B,H,T/W,W,3W): O(T·W)
 * memory and time instead of O(T²). T must be a multiple of W.
 */
public final class LocalAttention {
    private LocalAttention() {
    }

    /** q, k, v (B,H,T,D); returns (B,H,T,D). */
    public static NDArray forward(NDArray q, NDArray k, NDArray v, int window, boolean causal) {
        Shape s = q.getShape();
        long b = s.get(0);
        long h = s.get(1);
        int t = (int) s.get(2);
        long d = s.get(3);
        if (t % window != 0) {
            throw new IllegalArgumentException("sequence length " + t + " is not a multiple of the window " + window);
        }
        int nb = t / window;
        NDArray qb = q.reshape(b, h, nb, window, d); // (B,H,N,W,D)
        NDArray kk = neighbours(k.reshape(b, h, nb, window, d)); // (B,H,N,3W,D)
        NDArray vv = neighbours(v.reshape(b, h, nb, window, d)); // (B,H,N,3W,D)
        NDArray scores = qb.matMul(kk.swapAxes(-1, -2)).div(org.deepdrill.demo.lib.train.Scalars.of(Math.sqrt(d))); // (B,H,N,W,3W)
        scores = Attention.applyMask(scores, blockMask(q.getManager(), nb, window, causal));
        return scores.softmax(-1).matMul(vv).reshape(b, h, t, d); // (B,H,T,D)
    }

    /** For each block, the previous, own and next block side by side: (B,H,N,W,D) to (B,H,N,3W,D). */
    private static NDArray neighbours(NDArray x) {
        Shape s = x.getShape();
        long nb = s.get(2);
        NDArray pad = x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3), s.get(4)), x.getDataType());
        NDArray prev = nb == 1 ? pad : NDArrays.concat(new NDList(pad, x.get(new NDIndex(":, :, :{}", nb - 1))), 2);
        NDArray next = nb == 1 ? pad : NDArrays.concat(new NDList(x.get(new NDIndex(":, :, 1:")), pad), 2);
        return NDArrays.concat(new NDList(prev, x, next), 3);
    }

    /** (1,1,N,W,3W): 1 where key (n−1)·W + j is a real position within the band of query n·W + i. */
    static NDArray blockMask(NDManager m, int nb, int w, boolean causal) {
        NDArray blk = m.arange(nb).reshape(nb, 1, 1);
        NDArray qpos = blk.mul(org.deepdrill.demo.lib.train.Scalars.of(w)).add(m.arange(w).reshape(1, w, 1)); // (N,W,1)
        NDArray kpos = blk.sub(1).mul(org.deepdrill.demo.lib.train.Scalars.of(w)).add(m.arange(3 * w).reshape(1, 1, 3 * w)); // (N,1,3W)
        NDArray diff = qpos.sub(kpos); // (N,W,3W), i − j
        NDArray keep = diff.abs().lte(w).logicalAnd(kpos.gte(0)).logicalAnd(kpos.lt(nb * w));
        if (causal) {
            keep = keep.logicalAnd(diff.gte(0));
        }
        return keep.toType(DataType.FLOAT32, false).reshape(1, 1, nb, w, 3 * w);
    }

    /** The same band as a dense (1,1,T,T) mask, for checking against full attention. */
    public static NDArray bandMask(NDManager m, int t, int w, boolean causal) {
        NDArray diff = m.arange(t).reshape(t, 1).sub(m.arange(t).reshape(1, t)); // (T,T), i − j
        NDArray keep = diff.abs().lte(w);
        if (causal) {
            keep = keep.logicalAnd(diff.gte(0));
        }
        return keep.toType(DataType.FLOAT32, false).reshape(1, 1, t, t);
    }
}
