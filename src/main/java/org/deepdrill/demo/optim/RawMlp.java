package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A ReLU MLP held as plain arrays [W1 (in,h1), b1 (h1), W2, b2, …], so optimisers, quantisers and
 * precision casts can act on the weights directly. The last layer has no activation.
 */
public final class RawMlp {
    private final List<NDArray> params;

    private RawMlp(List<NDArray> params) {
        this.params = params;
    }

    /** He-initialised weights and zero biases, drawn from a seeded Java Random. */
    public static RawMlp create(NDManager m, int[] sizes, long seed) {
        Random rnd = new Random(seed);
        List<NDArray> p = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = new float[in * out];
            double std = Math.sqrt(2.0 / in);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * std);
            }
            p.add(m.create(w, new Shape(in, out)));
            p.add(m.zeros(new Shape(out)));
        }
        for (NDArray a : p) {
            a.setRequiresGradient(true);
        }
        return new RawMlp(p);
    }

    public List<NDArray> params() {
        return params;
    }

    public int layers() {
        return params.size() / 2;
    }

    public NDArray weight(int layer) {
        return params.get(2 * layer);
    }

    public NDArray bias(int layer) {
        return params.get(2 * layer + 1);
    }

    /** Logits (N,C) for x (N,in), using the given weights (same layout as params()). */
    public static NDArray forward(NDArray x, List<NDArray> weights) {
        NDArray h = x; // (N,in)
        int layers = weights.size() / 2;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(weights.get(2 * l)).add(weights.get(2 * l + 1)); // (N,out)
            if (l + 1 < layers) {
                h = h.maximum(org.deepdrill.demo.lib.train.Scalars.of(0f));
            }
        }
        return h;
    }

    /** The output of layer l (ReLU applied except on the last layer) for its input h. */
    public NDArray forwardLayer(NDArray h, int l) {
        NDArray y = h.matMul(weight(l)).add(bias(l));
        return l + 1 < layers() ? y.maximum(org.deepdrill.demo.lib.train.Scalars.of(0f)) : y;
    }

    public NDArray forward(NDArray x) {
        return forward(x, params);
    }

    /** Mean softmax cross-entropy of logits (N,C) against integer labels (N), computed in float32. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = widen(logits).logSoftmax(1); // (N,C)
        NDArray picked = logp.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}); // (N)
        return picked.mean().neg();
    }

    /**
     * A float32 view of x that keeps the autograd link: DJL's toType is not recorded, but a product
     * with a float32 one is promoted to float32 and is.
     */
    public static NDArray widen(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        return x.mul(x.getManager().ones(new Shape(1), DataType.FLOAT32));
    }

    /** Fraction of rows whose arg-max equals the label. */
    public static double accuracy(NDArray logits, NDArray labels) {
        NDArray pred = logits.argMax(1).toType(DataType.INT32, false);
        return pred.eq(labels.toType(DataType.INT32, false)).toType(DataType.FLOAT32, false).mean().getFloat();
    }

    /** Total number of weights and biases. */
    public long parameterCount() {
        long n = 0;
        for (NDArray p : params) {
            n += p.getShape().size();
        }
        return n;
    }
}
