package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Exact softmax attention that never holds the T×S score matrix: keys and values are visited in
 * tiles of C, and an online softmax keeps, per query, the running maximum m, the running sum of
 * exp(score − m) and the running weighted sum of values, rescaling both when m grows. This is the
 * idea behind FlashAttention (which also tiles the queries and keeps the tiles in on-chip SRAM).
 * Live memory: the (B,H,T,C) tile plus O(B·H·T·D) state, linear in T.
 */
public final class TiledAttention {
    private TiledAttention() {
    }

    /** q (B,H,T,D), k and v (B,H,S,D); returns (B,H,T,D). Causal needs T = S. */
    public static NDArray forward(NDArray q, NDArray k, NDArray v, int tile, boolean causal) {
        return forward(q, k, v, tile, causal, null);
    }

    /** As above; {@code probe}, when given, samples the live tensors at the end of every tile. */
    public static NDArray forward(NDArray q, NDArray k, NDArray v, int tile, boolean causal, MemoryProbe probe) {
        Shape s = q.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long t = s.get(2);
        long d = s.get(3);
        long keys = k.getShape().get(2);
        NDManager outer = q.getManager();
        double scale = 1 / Math.sqrt(d);
        NDArray max = outer.full(new Shape(b, h, t, 1), Float.NEGATIVE_INFINITY, DataType.FLOAT32); // (B,H,T,1)
        NDArray sum = outer.zeros(new Shape(b, h, t, 1)); // (B,H,T,1)
        NDArray acc = outer.zeros(new Shape(b, h, t, d)); // (B,H,T,D)
        for (long start = 0; start < keys; start += tile) {
            long end = Math.min(keys, start + tile);
            NDArray[] old = {max, sum, acc};
            try (NDManager m = outer.newSubManager()) {
                // Borrow the inputs and the state: every temporary of this tile then lives in m
                // and is freed when m closes; borrowed arrays return to their managers.
                for (NDArray a : new NDArray[] {q, k, v, max, sum, acc}) {
                    a.tempAttach(m);
                }
                NDIndex cols = new NDIndex(":, :, {}:{}", start, end);
                NDArray kt = k.get(cols); // (B,H,C,D)
                NDArray vt = v.get(cols); // (B,H,C,D)
                NDArray scores = q.matMul(kt.swapAxes(-1, -2)).mul(org.deepdrill.demo.lib.train.Scalars.of(scale)); // (B,H,T,C)
                if (causal) {
                    NDArray qpos = m.arange(t).reshape(t, 1); // (T,1)
                    NDArray kpos = m.arange(start, end).reshape(1, end - start); // (1,C)
                    scores = Attention.applyMask(scores, qpos.gte(kpos)); // (B,H,T,C)
                }
                NDArray newMax = max.maximum(scores.max(new int[] {3}, true)); // (B,H,T,1)
                NDArray p = scores.sub(newMax).exp(); // (B,H,T,C)
                NDArray rescale = max.sub(newMax).exp(); // (B,H,T,1), exp(−∞) = 0 on the first tile
                NDArray newSum = sum.mul(rescale).add(p.sum(new int[] {3}, true)); // (B,H,T,1)
                NDArray newAcc = acc.mul(rescale).add(p.matMul(vt)); // (B,H,T,D)
                if (probe != null) {
                    probe.sample();
                }
                max = newMax;
                sum = newSum;
                acc = newAcc;
                for (NDArray a : new NDArray[] {max, sum, acc}) {
                    a.attach(outer);
                }
            }
            for (NDArray a : old) {
                a.close(); // back in outer after m closed; no longer needed
            }
        }
        NDArray out = acc.div(sum); // (B,H,T,D)
        max.close();
        sum.close();
        acc.close();
        return out;
    }
}
