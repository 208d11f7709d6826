package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.blocks.Alibi;
import org.deepdrill.demo.lib.blocks.Rope;
import org.deepdrill.demo.lib.blocks.SinusoidalEncoding;

/**
 * The encodings themselves, before any training: the tables to draw, the similarity of position p
 * and p+Δ against Δ, and how far sinusoidal dot products and RoPE scores stray from depending on Δ
 * only (both are identities, so they are shown as metrics, not claims).
 */
final class EncodingPictures {
    private EncodingPictures() {
    }

    /**
     * @param sinusoidal the (4L,E) table; {@code ropeCos} cos(p·θ_i), (4L,D/2); {@code alibi} the
     *                   steepest head's bias (4L,4L), NaN above the diagonal (masked)
     * @param delta      offsets 0..3L; the similarity series below are indexed by them
     * @param sinSpread  largest spread over p of PE(p)·PE(p+Δ) at any Δ (double precision)
     * @param ropeSpread largest spread over p of ⟨R_p q, R_{p+Δ} k⟩ (float32)
     */
    record Pictures(double[][] sinusoidal, double[][] ropeCos, double[][] alibi, double alibiSlope,
                    double[] delta, double[] sinSim, double[] ropeSim, double[] alibiSteep, double[] alibiFlat,
                    double sinSpread, double ropeSpread) {
    }

    static Pictures compute(NDManager manager, int len, int embed, int heads) {
        int t = 4 * len;
        int d = embed / heads;
        double[][] sin = SinusoidalEncoding.rows(t, embed, PositionTaskModel.BASE);
        double[] theta = Rope.frequencies(d, PositionTaskModel.BASE);
        double[][] cos = new double[t][theta.length];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < theta.length; i++) {
                cos[p][i] = Math.cos(p * theta[i]);
            }
        }
        double[] slopes = Alibi.slopes(heads);
        double[][] bias = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                bias[i][j] = j <= i ? -slopes[0] * (i - j) : Double.NaN; // NaN: masked future, not drawn
            }
        }
        int maxDelta = 3 * len;
        double[] delta = new double[maxDelta + 1];
        double[] sinSim = new double[maxDelta + 1];
        double spread = 0;
        for (int k = 0; k <= maxDelta; k++) {
            delta[k] = k;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < len; p++) {
                double dot = dot(sin[p], sin[p + k]);
                sinSim[k] += dot / Math.sqrt(dot(sin[p], sin[p]) * dot(sin[p + k], sin[p + k])) / len;
                lo = Math.min(lo, dot);
                hi = Math.max(hi, dot);
            }
            spread = Math.max(spread, hi - lo);
        }
        double[] ropeSim = new double[maxDelta + 1];
        double ropeSpread = ropeSimilarity(manager, t, d, ropeSim);
        double[] steep = new double[maxDelta + 1];
        double[] flat = new double[maxDelta + 1];
        for (int k = 0; k <= maxDelta; k++) {
            steep[k] = Math.exp(-slopes[0] * k);
            flat[k] = Math.exp(-slopes[heads - 1] * k);
        }
        return new Pictures(sin, cos, bias, slopes[0], delta, sinSim, ropeSim, steep, flat, spread, ropeSpread);
    }

    /**
     * Fills sim[Δ] with the mean over random unit q of ⟨R_0 q, R_Δ q⟩, and returns the largest spread
     * over p of ⟨R_p q, R_{p+Δ} k⟩ for one random pair q, k.
     */
    private static double ropeSimilarity(NDManager parent, int t, int d, double[] sim) {
        try (NDManager m = parent.newSubManager()) {
            int n = 64;
            NDArray q = m.randomNormal(new Shape(n, 1, 1, d)); // (N,1,1,D)
            q = q.div(q.norm(new int[] {3}, true));
            NDArray rq = Rope.apply(q.repeat(2, t), PositionTaskModel.BASE); // (N,1,T,D), the same q at every position
            float[] s = rq.get(":, :, 0:1, :").mul(rq).sum(new int[] {3}).mean(new int[] {0}).toFloatArray(); // (1,T)
            for (int k = 0; k < sim.length; k++) {
                sim[k] = s[k];
            }
            NDArray k0 = m.randomNormal(new Shape(1, 1, 1, d)).repeat(2, t); // (1,1,T,D)
            NDArray rk = Rope.apply(k0, PositionTaskModel.BASE);
            float[] scores = rq.get("0:1").matMul(rk.swapAxes(-1, -2)).toFloatArray(); // (T,T)
            double spread = 0;
            for (int delta = 0; delta < t; delta++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int p = 0; p + delta < t; p++) {
                    double v = scores[p * t + p + delta];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                spread = Math.max(spread, hi - lo);
            }
            return spread;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
