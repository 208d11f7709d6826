package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding (RoPE). Channel pairs (x_i, x_{i+D/2}) of a query or key at
 * position p are rotated by the angle p·θ_i, θ_i = base^(−2i/D). Then ⟨R_p q, R_s k⟩ depends on
 * the positions only through s − p, so attention scores see relative offsets.
 */
public final class Rope {
    private Rope() {
    }

    /** θ_i for i = 0..D/2−1. */
    public static double[] frequencies(int d, double base) {
        if (d % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even head size, got " + d);
        }
        double[] theta = new double[d / 2];
        for (int i = 0; i < d / 2; i++) {
            theta[i] = Math.pow(base, -2.0 * i / d);
        }
        return theta;
    }

    /** cos and sin of p·θ_i, each (T,D/2), for positions 0..T−1. */
    public static NDList angles(NDManager manager, int t, int d, double base) {
        double[] theta = frequencies(d, base);
        float[] cos = new float[t * theta.length];
        float[] sin = new float[t * theta.length];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < theta.length; i++) {
                cos[p * theta.length + i] = (float) Math.cos(p * theta[i]);
                sin[p * theta.length + i] = (float) Math.sin(p * theta[i]);
            }
        }
        Shape s = new Shape(t, theta.length);
        return new NDList(manager.create(cos, s), manager.create(sin, s)); // (T,D/2), (T,D/2)
    }

    /** Rotates x (B,H,T,D) with cos/sin tables (T,D/2); returns (B,H,T,D). */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, x.getShape().dimension() - 1);
        NDArray x1 = halves.get(0); // (B,H,T,D/2)
        NDArray x2 = halves.get(1); // (B,H,T,D/2)
        NDArray r1 = x1.mul(cos).sub(x2.mul(sin)); // (B,H,T,D/2)
        NDArray r2 = x1.mul(sin).add(x2.mul(cos)); // (B,H,T,D/2)
        return NDArrays.concat(new NDList(r1, r2), x.getShape().dimension() - 1); // (B,H,T,D)
    }

    /** Rotates x (B,H,T,D) for positions 0..T−1. */
    public static NDArray apply(NDArray x, double base) {
        Shape s = x.getShape();
        int t = (int) s.get(s.dimension() - 2);
        int d = (int) s.get(s.dimension() - 1);
        NDList cs = angles(x.getManager(), t, d, base);
        return apply(x, cs.get(0), cs.get(1));
    }
}
