package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scaled dot-product attention and its masks, as plain NDArray operations.
 * Shapes: B batch, H heads, T query length, S key length, D head size, E = H·D.
 * Masks hold 1 where attention is allowed and 0 where it is not.
 */
public final class Attention {
    private Attention() {
    }

    /** softmax(q·kᵀ/√D + maskBias)·v. Returns (output (B,H,T,D), weights (B,H,T,S)). */
    public static NDList scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray mask) {
        long d = q.getShape().get(q.getShape().dimension() - 1);
        // The factor is an array owned by q's manager, not a Java number: DJL turns a number into a
        // temporary tensor and frees it at once, while autograd keeps it for the backward pass.
        NDArray scale = q.getManager().full(new Shape(1), (float) (1 / Math.sqrt(d)), q.getDataType());
        NDArray scores = q.matMul(k.swapAxes(-1, -2)).mul(scale); // (B,H,T,S)
        if (mask != null) {
            scores = applyMask(scores, mask);
        }
        NDArray weights = scores.softmax(-1); // (B,H,T,S)
        return new NDList(weights.matMul(v), weights); // (B,H,T,D), (B,H,T,S)
    }

    /**
     * Sets disallowed scores to the dtype's most negative finite value. A fixed -1e9 would
     * overflow to -inf in fp16, and a row of only -inf turns into NaN after softmax.
     */
    public static NDArray applyMask(NDArray scores, NDArray mask) {
        float lowest = scores.getDataType() == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
        NDArray keep = mask.toType(scores.getDataType(), false); // broadcasts against scores
        NDArray one = scores.getManager().full(new Shape(1), 1f, scores.getDataType());
        NDArray low = scores.getManager().full(new Shape(1), lowest, scores.getDataType());
        // keep·score + (1 − keep)·lowest: exact for a 0/1 mask, and differentiable.
        return scores.mul(keep).add(one.sub(keep).mul(low));
    }

    /** (B,T,E) to (B,H,T,E/H). */
    public static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long e = s.get(2);
        return x.reshape(b, t, heads, e / heads).transpose(0, 2, 1, 3);
    }

    /** (B,H,T,D) to (B,T,H·D). */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /** Lower-triangular (1,1,T,T) mask: position i may see positions j ≤ i. */
    public static NDArray causalMask(NDManager manager, int t) {
        NDArray i = manager.arange(t).reshape(t, 1);
        NDArray j = manager.arange(t).reshape(1, t);
        return j.lte(i).toType(DataType.FLOAT32, false).reshape(1, 1, t, t);
    }

    /** (B,1,1,T) mask that hides key positions at or beyond each sequence's length. */
    public static NDArray paddingMask(NDManager manager, int[] lengths, int t) {
        NDArray pos = manager.arange(t).reshape(1, t);
        NDArray len = manager.create(lengths).reshape(lengths.length, 1);
        return pos.lt(len).toType(DataType.FLOAT32, false).reshape(lengths.length, 1, 1, t);
    }
}
