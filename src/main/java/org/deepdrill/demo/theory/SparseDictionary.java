package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.Random;

/**
 * R sparse autoencoders trained side by side, one per toy model, on that model's hidden activations
 * h (m numbers each). Codes f = ReLU((h − b_d) E + b_e) with F latents, reconstruction
 * ĥ = f D̂ + b_d, where each dictionary atom (a row of D̂) is kept at unit length. The loss is the
 * squared reconstruction error plus λ·Σ f, both per example.
 */
final class SparseDictionary {
    private final NDArray atoms; // (R, F, m), normalised in the forward pass
    private final NDArray enc; // (R, m, F)
    private final NDArray encBias; // (R, 1, F)
    private final NDArray decBias; // (R, 1, m)
    private final NDArray l1; // 0-dim λ
    private final int models;
    private final int size;
    private final int dims;

    SparseDictionary(NDManager m, int models, int dims, int size, double l1Coefficient, Random rnd) {
        this.models = models;
        this.size = size;
        this.dims = dims;
        float[] a = new float[models * size * dims];
        float[] e = new float[models * dims * size];
        for (int r = 0; r < models; r++) {
            for (int j = 0; j < size; j++) {
                double[] v = new double[dims];
                double norm = 0;
                for (int d = 0; d < dims; d++) {
                    v[d] = rnd.nextGaussian();
                    norm += v[d] * v[d];
                }
                norm = Math.sqrt(norm);
                for (int d = 0; d < dims; d++) {
                    a[(r * size + j) * dims + d] = (float) (v[d] / norm);
                    e[(r * dims + d) * size + j] = (float) (v[d] / norm); // the encoder starts as the decoder's transpose
                }
            }
        }
        atoms = m.create(a, new Shape(models, size, dims));
        enc = m.create(e, new Shape(models, dims, size));
        encBias = m.zeros(new Shape(models, 1, size));
        decBias = m.zeros(new Shape(models, 1, dims));
        for (NDArray p : params()) {
            p.setRequiresGradient(true);
        }
        l1 = m.create((float) l1Coefficient);
    }

    NDArray[] params() {
        return new NDArray[] {atoms, enc, encBias, decBias};
    }

    NDArray[] constants() {
        return new NDArray[] {l1};
    }

    private NDArray unitAtoms() {
        return atoms.div(atoms.square().sum(new int[] {2}, true).sqrt().add(Scalars.of(1e-8)));
    }

    /** Reconstruction error plus the L1 penalty, per model, mean over the batch: (R). h is (R, B, m). */
    NDArray loss(NDArray h) {
        NDArray codes = ai.djl.nn.Activation.relu(h.sub(decBias).matMul(enc).add(encBias)); // (R, B, F)
        NDArray rebuilt = codes.matMul(unitAtoms()).add(decBias); // (R, B, m)
        NDArray err = h.sub(rebuilt).square().sum(new int[] {1, 2});
        NDArray penalty = codes.sum(new int[] {1, 2}).mul(l1);
        return err.add(penalty).mul(Scalars.of(1.0 / h.getShape().get(1)));
    }

    /** The unit-length atoms as plain numbers: [model][atom][dim]. */
    double[][][] directions() {
        double[] flat = unitAtoms().toType(DataType.FLOAT64, false).toDoubleArray();
        double[][][] out = new double[models][size][dims];
        for (int r = 0; r < models; r++) {
            for (int j = 0; j < size; j++) {
                System.arraycopy(flat, (r * size + j) * dims, out[r][j], 0, dims);
            }
        }
        return out;
    }
}
