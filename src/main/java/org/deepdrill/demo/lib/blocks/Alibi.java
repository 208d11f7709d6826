package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * ALiBi: no position vectors at all; each head h adds −m_h·|i − j| to the score of query i and
 * key j. The slopes form the geometric series m_h = 2^(−8(h+1)/H).
 */
public final class Alibi {
    private Alibi() {
    }

    public static double[] slopes(int heads) {
        double[] m = new double[heads];
        for (int h = 0; h < heads; h++) {
            m[h] = Math.pow(2, -8.0 * (h + 1) / heads);
        }
        return m;
    }

    /** The additive bias (1,H,T,T). Combine it with a causal mask for a decoder. */
    public static NDArray bias(NDManager manager, int heads, int t) {
        double[] m = slopes(heads);
        float[] b = new float[heads * t * t];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    b[(h * t + i) * t + j] = (float) (-m[h] * Math.abs(i - j));
                }
            }
        }
        return manager.create(b, new Shape(1, heads, t, t)); // (1,H,T,T)
    }
}
