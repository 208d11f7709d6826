package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.Random;

/**
 * K toy models of superposition trained side by side as batched arrays: n sparse features are
 * squeezed into m hidden dimensions, h = W x, and read back as x' = ReLU(Wᵀh + b). Each instance
 * has its own feature probability 1 − S. Features draw a uniform [0, 1] value when present, and
 * the squared error of feature i is weighted by its importance. With {@code relu} false the
 * read-out is linear, Wᵀh + b.
 */
final class ToyModels {
    private final NDArray w; // (K, m, n): column i is feature i's direction in the hidden space
    private final NDArray b; // (K, 1, n)
    private final NDArray sparsity; // (K, 1, 1) S: probability that a feature is absent
    private final NDArray present; // (K, 1, 1) 1 − S
    private final NDArray importance; // (1, 1, n)
    private final boolean relu;
    private final int instances;
    private final int features;

    ToyModels(NDManager m, double[] presentProb, int features, int dims, double importanceDecay, boolean relu, Random rnd) {
        this.instances = presentProb.length;
        this.features = features;
        this.relu = relu;
        float[] init = new float[instances * dims * features];
        double std = Math.sqrt(2.0 / (dims + features)); // Xavier normal
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (rnd.nextGaussian() * std);
        }
        w = m.create(init, new Shape(instances, dims, features));
        b = m.zeros(new Shape(instances, 1, features));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        float[] p = new float[instances];
        float[] sp = new float[instances];
        for (int k = 0; k < instances; k++) {
            p[k] = (float) presentProb[k];
            sp[k] = (float) (1 - presentProb[k]);
        }
        present = m.create(p, new Shape(instances, 1, 1));
        sparsity = m.create(sp, new Shape(instances, 1, 1));
        float[] imp = new float[features];
        for (int i = 0; i < features; i++) {
            imp[i] = (float) Math.pow(importanceDecay, i);
        }
        importance = m.create(imp, new Shape(1, 1, features));
    }

    NDArray[] params() {
        return new NDArray[] {w, b};
    }

    /** The constant arrays a step must attach along with the parameters. */
    NDArray[] constants() {
        return new NDArray[] {sparsity, present, importance};
    }

    /** A fresh batch, (K, B, n): each feature present with its instance's probability, uniform in [0, 1] when present. */
    NDArray sample(NDManager m, int batch) {
        return sparseUniform(m, new Shape(instances, batch, features), sparsity, present);
    }

    /**
     * Sparse uniform features from one uniform draw u: x = max(0, u − S) / (1 − S) is 0 with
     * probability S and otherwise uniform in [0, 1]. {@code sparsity} S and {@code present} 1 − S
     * broadcast over {@code shape}.
     */
    static NDArray sparseUniform(NDManager m, Shape shape, NDArray sparsity, NDArray present) {
        return ai.djl.nn.Activation.relu(m.randomUniform(0, 1, shape).sub(sparsity)).div(present);
    }

    /** x' for x (K, B, n). */
    NDArray forward(NDArray x) {
        NDArray h = x.matMul(w.transpose(0, 2, 1)); // (K, B, m)
        NDArray out = h.matMul(w).add(b); // (K, B, n)
        return relu ? ai.djl.nn.Activation.relu(out) : out;
    }

    /** Importance-weighted squared error per instance, summed over features, mean over the batch: (K). */
    NDArray loss(NDArray x) {
        NDArray err = x.sub(forward(x)).square().mul(importance); // (K, B, n)
        return err.sum(new int[] {1, 2}).mul(Scalars.of(1.0 / x.getShape().get(1)));
    }

    /** W as plain numbers: [instance][dim][feature]. */
    double[][][] weights() {
        double[] flat = w.toType(DataType.FLOAT64, false).toDoubleArray();
        int dims = (int) w.getShape().get(1);
        double[][][] out = new double[instances][dims][features];
        for (int k = 0; k < instances; k++) {
            for (int d = 0; d < dims; d++) {
                System.arraycopy(flat, (k * dims + d) * features, out[k][d], 0, features);
            }
        }
        return out;
    }

    /** b as plain numbers: [instance][feature]. */
    double[][] biases() {
        double[] flat = b.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[instances][features];
        for (int k = 0; k < instances; k++) {
            System.arraycopy(flat, k * features, out[k], 0, features);
        }
        return out;
    }
}
