package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Secure aggregation run on real client updates: every client sends n_k·Δ_k, masked; the server sums
 * what it receives; one client drops after the masks were agreed, and the server rebuilds that
 * client's pair masks from Shamir shares held by the survivors (or, in the broken worlds, does not, or
 * the clients "mask" by a public random vector instead). Plain Java: no engine.
 */
final class SecureSumCheck {
    /** How the clients hide their updates. */
    enum Masking { PAIRWISE, PAIRWISE_NO_RECOVERY, PUBLIC_VECTOR }

    /**
     * clients: senders; coordinates per update; threshold t of Shamir's t-of-n. wrongAllClients: coordinates
     * where the server's sum differs from the true sum when nobody drops; maxFloatError: largest |decoded
     * sum − float sum|; maxCorrelation: largest |corr(what a client sends, its update)|; wrongWithoutRecovery
     * and wrongAfterRecovery: coordinates of the survivors' sum that are wrong (off by more than one
     * fixed-point step) after one drop, before and after the server's recovery step. truth/sent: client 0's update and what it sent
     * (pairwise masks shown as a fraction of 2^63).
     */
    record Result(int clients, int coordinates, int threshold, int wrongAllClients, double maxFloatError,
                  double maxCorrelation, int wrongWithoutRecovery, int wrongAfterRecovery, double[] truth, double[] sent) {
    }

    private SecureSumCheck() {
    }

    static Result run(float[][] updates, int[] sizes, long seed, Masking masking) {
        List<double[]> xs = new ArrayList<>();
        for (int k = 0; k < updates.length; k++) {
            if (updates[k] != null) {
                double[] v = new double[updates[k].length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (double) updates[k][i] * sizes[k]; // client k contributes n_k·Δ_k
                }
                xs.add(v);
            }
        }
        int k = xs.size();
        if (k < 3) {
            throw new IllegalStateException("secure sum needs at least 3 clients with data, got " + k);
        }
        int len = xs.get(0).length;
        Random rnd = new Random(seed);
        int threshold = k / 2 + 1;
        SecureAggregation sa = new SecureAggregation(k, len, threshold, rnd);
        long[][] q = new long[k][];
        long[][] y = new long[k][];
        double[][] r = new double[k][len];
        for (int i = 0; i < k; i++) {
            q[i] = SecureAggregation.encode(xs.get(i));
            y[i] = sa.masked(i, q[i]);
            for (int c = 0; c < len; c++) {
                r[i][c] = 0.5 + 1.5 * rnd.nextDouble(); // a public random vector per client
            }
        }
        double[][] sent = new double[k][len];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < len; c++) {
                sent[i][c] = masking == Masking.PUBLIC_VECTOR ? xs.get(i)[c] * r[i][c] : (double) y[i][c];
            }
        }
        double maxCorr = 0;
        for (int i = 0; i < k; i++) {
            maxCorr = Math.max(maxCorr, Math.abs(correlation(sent[i], xs.get(i))));
        }

        boolean[] alive = new boolean[k];
        Arrays.fill(alive, true);
        long[] trueSum = sum(q, alive);
        long[] received = masking == Masking.PUBLIC_VECTOR ? unscaledSum(sent, r, alive) : sum(y, alive);
        int wrongAll = differing(received, trueSum);
        double floatErr = 0;
        for (int c = 0; c < len; c++) {
            double f = 0;
            for (double[] x : xs) {
                f += x[c];
            }
            floatErr = Math.max(floatErr, Math.abs(SecureAggregation.decode(received[c]) - f));
        }

        int dropped = k - 1; // drops after the masks were agreed, before sending
        alive[dropped] = false;
        long[] survivorsTrue = sum(q, alive);
        long[] survivorsReceived = masking == Masking.PUBLIC_VECTOR ? unscaledSum(sent, r, alive) : sum(y, alive);
        int wrongBefore = differing(survivorsReceived, survivorsTrue);
        long[] recovered = survivorsReceived;
        if (masking == Masking.PAIRWISE) {
            long[] residual = sa.residualMaskOf(dropped, alive);
            recovered = new long[len];
            for (int c = 0; c < len; c++) {
                recovered[c] = survivorsReceived[c] - residual[c];
            }
        }
        int wrongAfter = differing(recovered, survivorsTrue);
        double[] shown = new double[len];
        for (int c = 0; c < len; c++) {
            shown[c] = masking == Masking.PUBLIC_VECTOR ? sent[0][c] : sent[0][c] / 0x1p63;
        }
        return new Result(k, len, threshold, wrongAll, floatErr, maxCorr, wrongBefore, wrongAfter, xs.get(0).clone(),
                shown);
    }

    /** Σ over the alive clients, in the ring Z_2^64. */
    private static long[] sum(long[][] v, boolean[] alive) {
        long[] out = new long[v[0].length];
        for (int i = 0; i < v.length; i++) {
            if (alive[i]) {
                for (int c = 0; c < out.length; c++) {
                    out[c] += v[i][c];
                }
            }
        }
        return out;
    }

    /** The public-vector scheme's sum: the server divides each client's vector out, then encodes. */
    private static long[] unscaledSum(double[][] sent, double[][] r, boolean[] alive) {
        long[] out = new long[sent[0].length];
        for (int i = 0; i < sent.length; i++) {
            if (alive[i]) {
                for (int c = 0; c < out.length; c++) {
                    out[c] += Math.round(sent[i][c] / r[i][c] * SecureAggregation.SCALE);
                }
            }
        }
        return out;
    }

    /** Coordinates that differ by more than one fixed-point step (2^-24): a wrong sum, not rounding. */
    private static int differing(long[] a, long[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            long d = a[i] - b[i];
            n += d > 1 || d < -1 ? 1 : 0;
        }
        return n;
    }

    private static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
