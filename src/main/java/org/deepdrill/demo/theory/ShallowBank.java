package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Random;

/**
 * C one-hidden-layer nets of different widths on a scalar input, trained side by side. Their hidden
 * units share one vector of length S = Σ widths; a 0/1 segment matrix (S,C) sums each net's units
 * into its own output column, so one matMul serves every width and no unit is padding.
 */
final class ShallowBank {
    final int[] widths;
    final int units;
    final Act act;
    final NDArray a; // (1,S) input weights
    final NDArray c; // (1,S) hidden biases
    final NDArray v; // (1,S) output weights
    final NDArray d; // (1,C) output biases
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
        a = leaf(m.create(ai).reshape(1, s));
        c = leaf(m.create(ci).reshape(1, s));
        v = leaf(m.create(vi).reshape(1, s));
        d = leaf(m.zeros(new ai.djl.ndarray.types.Shape(1, widths.length)));
        segments = m.create(seg);
    }

    private static NDArray leaf(NDArray x) {
        NDArray f = x.toType(DataType.FLOAT32, false);
        f.setRequiresGradient(true);
        return f;
    }

    NDArray[] params() {
        return new NDArray[] {a, c, v, d};
    }

    NDArray[] all() {
        return new NDArray[] {a, c, v, d, segments};
    }

    /** x (N,1) → outputs of every net (N,C). */
    NDArray forward(NDArray x) {
        NDArray h = act.apply(x.matMul(a).add(c)); // (N,S)
        return h.mul(v).matMul(segments).add(d); // (N,C)
    }
}
