package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * V two-hidden-layer ReLU classifiers trained side by side, one per regulariser, as batched
 * matrices (V, fan_in, fan_out). Each variant has its own dropout keep probability, applied after
 * both hidden layers. {@code rescale} divides kept units by the keep probability in training
 * (inverted dropout); {@code masked} decides whether a forward pass draws masks at all.
 */
final class VariantMlps {
    final int variants;
    private final NDArray[] params; // W1 b1 W2 b2 W3 b3, each (V, ·, ·)
    private final NDArray keep; // (V,1,1) keep probability 1 − p
    private final float[] keepValues;

    VariantMlps(NDManager m, int variants, int in, int hidden, int out, float[] keepProb, Random rnd) {
        this.variants = variants;
        this.keepValues = keepProb.clone();
        int[][] shapes = {{in, hidden}, {1, hidden}, {hidden, hidden}, {1, hidden}, {hidden, out}, {1, out}};
        params = new NDArray[shapes.length];
        for (int t = 0; t < shapes.length; t++) {
            int rows = shapes[t][0];
            int cols = shapes[t][1];
            float[] v = new float[variants * rows * cols];
            boolean weight = t % 2 == 0;
            double std = Math.sqrt(2.0 / rows); // He initialisation; biases start at 0
            for (int i = 0; i < v.length && weight; i++) {
                v[i] = (float) (rnd.nextGaussian() * std);
            }
            // Every variant starts from the same weights, so differences come from the regulariser.
            int per = rows * cols;
            for (int k = 1; k < variants && weight; k++) {
                System.arraycopy(v, 0, v, k * per, per);
            }
            params[t] = m.create(v, new Shape(variants, rows, cols));
            params[t].setRequiresGradient(true);
        }
        keep = m.create(keepProb, new Shape(variants, 1, 1));
    }

    NDArray[] params() {
        return params;
    }

    /** The weight matrices (not the biases), which weight decay shrinks. */
    NDArray[] weights() {
        return new NDArray[] {params[0], params[2], params[4]};
    }

    NDArray keep() {
        return keep;
    }

    float keep(int variant) {
        return keepValues[variant];
    }

    /** x (N,in) → logits (V,N,out). With {@code masked}, each hidden unit is kept with probability keep_v. */
    NDArray forward(NDArray x, boolean masked, boolean rescale) {
        NDArray h = dropout(relu(x.matMul(params[0]).add(params[1])), masked, rescale); // (V,N,H)
        h = dropout(relu(h.matMul(params[2]).add(params[3])), masked, rescale); // (V,N,H)
        return h.matMul(params[4]).add(params[5]); // (V,N,out)
    }

    private static NDArray relu(NDArray z) {
        return ai.djl.nn.Activation.relu(z);
    }

    private NDArray dropout(NDArray h, boolean masked, boolean rescale) {
        if (!masked) {
            return h;
        }
        NDArray mask = h.getManager().randomUniform(0, 1, h.getShape()).lt(keep).toType(DataType.FLOAT32, false);
        return rescale ? h.mul(mask).div(keep) : h.mul(mask);
    }
}
