package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fixed sinusoidal position table of the original transformer: column 2i holds
 * sin(p·ω_i) and column 2i+1 holds cos(p·ω_i), with ω_i = base^(−2i/E).
 */
public final class SinusoidalEncoding {
    private SinusoidalEncoding() {
    }

    /** The (T,E) table as rows of doubles, for plots. */
    public static double[][] rows(int t, int e, double base) {
        double[][] out = new double[t][e];
        for (int p = 0; p < t; p++) {
            for (int c = 0; c < e; c++) {
                double omega = Math.pow(base, -(c - c % 2) / (double) e);
                out[p][c] = c % 2 == 0 ? Math.sin(p * omega) : Math.cos(p * omega);
            }
        }
        return out;
    }

    /** The (T,E) table as an array on {@code manager}. */
    public static NDArray table(NDManager manager, int t, int e, double base) {
        double[][] r = rows(t, e, base);
        float[] flat = new float[t * e];
        for (int p = 0; p < t; p++) {
            for (int c = 0; c < e; c++) {
                flat[p * e + c] = (float) r[p][c];
            }
        }
        return manager.create(flat, new Shape(t, e)); // (T,E)
    }
}
