package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * The position-dependent task: random tokens, and at every position t ≥ k the model must output
 * the token k places back. Nothing about the content says where that token is; only position does.
 */
record PositionTask(int vocab, int offset) {

    /** (B,T) random token ids. */
    NDArray batch(NDManager m, Random rnd, int b, int t) {
        int[] ids = new int[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(vocab);
        }
        return m.create(ids, new Shape(b, t));
    }

    /** Mean cross-entropy over positions t ≥ k; logits (B,T,V), ids (B,T). */
    NDArray loss(NDArray logits, NDArray ids) {
        int t = (int) ids.getShape().get(1);
        NDArray logp = logits.get(":, {}:, :", offset).logSoftmax(-1); // (B,T−k,V)
        NDArray target = ids.get(":, 0:{}", t - offset).oneHot(vocab).toType(DataType.FLOAT32, false); // (B,T−k,V)
        return logp.mul(target).sum(new int[] {2}).mean().neg();
    }

    /** Accuracy at each position t ≥ k, averaged over the batch: (T−k) values. */
    float[] accuracyByPosition(NDArray logits, NDArray ids) {
        int t = (int) ids.getShape().get(1);
        NDArray pred = logits.get(":, {}:, :", offset).argMax(2); // (B,T−k)
        NDArray target = ids.get(":, 0:{}", t - offset).toType(pred.getDataType(), false); // (B,T−k)
        return pred.eq(target).toType(DataType.FLOAT32, false).mean(new int[] {0}).toFloatArray();
    }
}
