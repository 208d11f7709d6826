package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The weights of a one-hidden-layer MLP, d → h → C, as plain arrays so that every federated client can
 * hold its own copy. Order: w1 (d,h), b1 (h), w2 (h,C), b2 (C).
 */
final class MlpWeights {
    final NDList params;

    MlpWeights(NDList params) {
        this.params = params;
    }

    static MlpWeights init(NDManager m, int d, int h, int c) {
        NDArray w1 = m.randomNormal(0, (float) Math.sqrt(2.0 / d), new Shape(d, h), ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray w2 = m.randomNormal(0, (float) Math.sqrt(1.0 / h), new Shape(h, c), ai.djl.ndarray.types.DataType.FLOAT32);
        return new MlpWeights(new NDList(w1, m.zeros(new Shape(h)), w2, m.zeros(new Shape(c))));
    }

    /** Logits (B,C) for inputs x (B,d). */
    NDArray logits(NDArray x) {
        NDArray hidden = x.matMul(params.get(0)).add(params.get(1)).maximum(org.deepdrill.demo.lib.train.Scalars.of(0)); // (B,h)
        return hidden.matMul(params.get(2)).add(params.get(3)); // (B,C)
    }

    /** A copy whose arrays belong to {@code m}. */
    MlpWeights copy(NDManager m) {
        NDList out = new NDList();
        for (NDArray p : params) {
            NDArray c = p.duplicate();
            c.attach(m);
            out.add(c);
        }
        return new MlpWeights(out);
    }

    /** ‖this − other‖² summed over all arrays. */
    double squaredDistance(MlpWeights other) {
        double s = 0;
        for (int i = 0; i < params.size(); i++) {
            s += params.get(i).sub(other.params.get(i)).square().sum().getFloat();
        }
        return s;
    }

    /** All parameters flattened into one vector. */
    float[] flat() {
        int n = 0;
        for (NDArray p : params) {
            n += (int) p.size();
        }
        float[] out = new float[n];
        int at = 0;
        for (NDArray p : params) {
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Sets all parameters from one flat vector (the inverse of {@link #flat}). */
    void setFlat(float[] values) {
        int at = 0;
        for (NDArray p : params) {
            int n = (int) p.size();
            float[] part = new float[n];
            System.arraycopy(values, at, part, 0, n);
            p.set(java.nio.FloatBuffer.wrap(part));
            at += n;
        }
    }
}
