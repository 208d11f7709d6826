package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** A plain ReLU MLP on raw arrays, trained through its {@link AdamState}. */
final class Mlp {
    final AdamState adam = new AdamState();
    private final int layers;

    Mlp(NDManager m, int... sizes) {
        layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            float std = (float) Math.sqrt(2.0 / sizes[l]);
            adam.add(m.randomNormal(0, std, new Shape(sizes[l], sizes[l + 1]), DataType.FLOAT32)); // (in,out)
            adam.add(m.zeros(new Shape(sizes[l + 1]))); // (out)
        }
    }

    /** x (B,in) → logits (B,out); x must live on a step-scoped manager. */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(adam.get(2 * l)).add(adam.get(2 * l + 1));
            if (l + 1 < layers) {
                h = Activation.relu(h);
            }
        }
        return h;
    }

    long parameterCount() {
        long n = 0;
        for (NDArray w : adam.all()) {
            n += w.size();
        }
        return n;
    }
}
