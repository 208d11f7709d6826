package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.Random;

/**
 * K one-hidden-layer ReLU MLPs of the same shape stacked on a leading axis, so one batched matmul
 * trains all of them: weights (K,in,h), (K,1,h), (K,h,C), (K,1,C). Each sum of per-model losses
 * gives every model exactly its own gradient, and Adam acts element-wise, so each trains as if alone.
 */
final class StudentStack {
    final AdamState adam = new AdamState();
    final int k;

    /** {@code initSeed[i]} seeds model i's He-normal weights: models with the same seed start equal. */
    StudentStack(NDManager m, int in, int hidden, int out, long[] initSeed) {
        this.k = initSeed.length;
        float[] w1 = new float[k * in * hidden];
        float[] w2 = new float[k * hidden * out];
        for (int i = 0; i < k; i++) {
            Random rnd = new Random(initSeed[i]);
            fill(rnd, w1, i * in * hidden, in * hidden, Math.sqrt(2.0 / in));
            fill(rnd, w2, i * hidden * out, hidden * out, Math.sqrt(2.0 / hidden));
        }
        adam.add(m.create(w1, new Shape(k, in, hidden))); // (K,in,h)
        adam.add(m.zeros(new Shape(k, 1, hidden))); // (K,1,h)
        adam.add(m.create(w2, new Shape(k, hidden, out))); // (K,h,C)
        adam.add(m.zeros(new Shape(k, 1, out))); // (K,1,C)
    }

    private static void fill(Random rnd, float[] dst, int from, int len, double std) {
        for (int j = 0; j < len; j++) {
            dst[from + j] = (float) (rnd.nextGaussian() * std);
        }
    }

    /** x (B,in), on a step-scoped manager → logits (K,B,C). */
    NDArray forward(NDArray x) {
        NDArray h = Activation.relu(x.matMul(adam.get(0)).add(adam.get(1))); // (K,B,h)
        return h.matMul(adam.get(2)).add(adam.get(3)); // (K,B,C)
    }
}
