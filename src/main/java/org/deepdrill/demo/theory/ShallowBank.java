package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Random;

/**
 * C one-hidden-layer nets of different widths on a scalar input, trained side by side. Their hidden
 * units share one vector of length S = Σ widths; a 0/1 segment matrix (S,C) sums each net's units
 * into its own output column, so one matMul serves every width and no unit is padding. All
 * parameters live in one flat leaf θ = [a | c | v | d], so an optimizer step is a handful of ops.
 */
final class ShallowBank {
    final int[] widths;
    final int units;
    final Act act;
    private final NDArray theta; // (1, 3S + C): input weights a, hidden biases c, output weights v, output biases d
    private final NDArray segments; // (S,C)

    ShallowBank(NDManager m, int[] widths, Act act, Random rnd) {
        this.widths = widths.clone();
        this.act = act;
        int s = 0;
        for (int w : widths) {
            s += w;
        }
        units = s;
        double[] ai = new double[s];
        double[] ci = new double[s];
        double[] vi = new double[s];
        float[][] seg = new float[s][widths.length];
        int u = 0;
        for (int k = 0; k < widths.length; k++) {
            for (int j = 0; j < widths[k]; j++, u++) {
                ai[u] = rnd.nextGaussian() * 2;
                ci[u] = -ai[u] * (2 * rnd.nextDouble() - 1); // kink (or tanh centre) uniform in [-1, 1]
                vi[u] = rnd.nextGaussian() / Math.sqrt(widths[k]);
                seg[u][k] = 1;
            }
        }
        double[] flat = new double[3 * s + widths.length];
        System.arraycopy(ai, 0, flat, 0, s);
        System.arraycopy(ci, 0, flat, s, s);
        System.arraycopy(vi, 0, flat, 2 * s, s);
        theta = leaf(m.create(flat).reshape(1, flat.length)); // output biases start at 0
        segments = m.create(seg);
    }

    private static NDArray leaf(NDArray x) {
        NDArray f = x.toType(DataType.FLOAT32, false);
        f.setRequiresGradient(true);
        return f;
    }

    NDArray[] params() {
        return new NDArray[] {theta};
    }

    NDArray[] all() {
        return new NDArray[] {theta, segments};
    }

    /** x (N,1) → outputs of every net (N,C). */
    NDArray forward(NDArray x) {
        int s = units;
        NDArray a = theta.get(":, 0:" + s); // (1,S)
        NDArray c = theta.get(":, " + s + ":" + 2 * s); // (1,S)
        NDArray v = theta.get(":, " + 2 * s + ":" + 3 * s); // (1,S)
        NDArray d = theta.get(":, " + 3 * s + ":"); // (1,C)
        NDArray h = act.apply(x.matMul(a).add(c)); // (N,S)
        return h.mul(v).matMul(segments).add(d); // (N,C)
    }
}
