package org.deepdrill.demo.applied;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Pairwise additive masking (after Bonawitz et al., 2017), simulated. Updates are encoded as fixed-point
 * integers in the ring Z_{2^64} (Java long arithmetic wraps exactly there). Every pair i &lt; j shares a
 * seed; client i adds the mask PRG(s_ij) and client j subtracts it, so all masks cancel in the sum.
 * Each pair seed is also Shamir-shared among all clients, so that the server can rebuild the masks of
 * a client that drops out after the masks were agreed.
 */
final class SecureAggregation {
    static final double SCALE = 1L << 24; // fixed-point resolution 2^-24

    final int clients;
    final int length;
    final int threshold;
    private final long[][] seed; // seed[i][j] for i < j
    private final long[][][] shares; // shares[i][j][holder] of seed[i][j]

    SecureAggregation(int clients, int length, int threshold, Random rnd) {
        this.clients = clients;
        this.length = length;
        this.threshold = threshold;
        this.seed = new long[clients][clients];
        this.shares = new long[clients][clients][];
        for (int i = 0; i < clients; i++) {
            for (int j = i + 1; j < clients; j++) {
                seed[i][j] = Math.floorMod(rnd.nextLong(), Shamir.P.longValue());
                shares[i][j] = Shamir.split(seed[i][j], clients, threshold, rnd);
            }
        }
    }

    static long[] encode(double[] v) {
        long[] q = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = Math.round(v[i] * SCALE);
        }
        return q;
    }

    static double decode(long q) {
        return q / SCALE;
    }

    static long[] mask(long pairSeed, int length) {
        SplittableRandom prg = new SplittableRandom(pairSeed);
        long[] m = new long[length];
        for (int i = 0; i < length; i++) {
            m[i] = prg.nextLong(); // uniform over Z_{2^64}
        }
        return m;
    }

    /** What client i sends: q_i + Σ_{j>i} PRG(s_ij) − Σ_{j<i} PRG(s_ji), all mod 2^64. */
    long[] masked(int i, long[] q) {
        long[] y = q.clone();
        for (int j = 0; j < clients; j++) {
            if (j == i) {
                continue;
            }
            long[] m = mask(i < j ? seed[i][j] : seed[j][i], length);
            for (int c = 0; c < length; c++) {
                y[c] += i < j ? m[c] : -m[c];
            }
        }
        return y;
    }

    /**
     * The masks the survivors still carry for a dropped client d, rebuilt by the server from
     * {@code threshold} shares of each seed s_dj held by surviving clients.
     */
    long[] residualMaskOf(int dropped, boolean[] alive) {
        long[] r = new long[length];
        for (int j = 0; j < clients; j++) {
            if (j == dropped || !alive[j]) {
                continue;
            }
            int a = Math.min(dropped, j);
            int b = Math.max(dropped, j);
            int[] xs = new int[threshold];
            long[] ys = new long[threshold];
            int got = 0;
            for (int holder = 0; holder < clients && got < threshold; holder++) {
                if (alive[holder]) {
                    xs[got] = holder + 1;
                    ys[got] = shares[a][b][holder];
                    got++;
                }
            }
            if (got < threshold) {
                throw new IllegalStateException("only " + got + " survivors hold shares; " + threshold + " needed");
            }
            long[] m = mask(Shamir.reconstruct(xs, ys), length);
            for (int c = 0; c < length; c++) {
                r[c] += j < dropped ? m[c] : -m[c]; // survivor j added +m if j < d, −m if j > d
            }
        }
        return r;
    }
}
