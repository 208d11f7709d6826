package org.deepdrill.demo.optim;

import java.util.Random;

/** Small helpers on probability rows stored flat, row-major (N rows of V). */
final class Probs {
    private Probs() {
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Draws an index from row {@code row} of {@code p} (weights need not sum to exactly 1). */
    static int sample(float[] p, int row, int v, Random rnd) {
        int off = row * v;
        double total = 0;
        for (int x = 0; x < v; x++) {
            total += p[off + x];
        }
        double u = rnd.nextDouble() * total;
        double run = 0;
        for (int x = 0; x < v - 1; x++) {
            run += p[off + x];
            if (u < run) {
                return x;
            }
        }
        return v - 1;
    }

    static int argMax(float[] p, int row, int v) {
        int off = row * v;
        int best = 0;
        for (int x = 1; x < v; x++) {
            if (p[off + x] > p[off + best]) {
                best = x;
            }
        }
        return best;
    }

    /** Σ_x min(p(x), q(x)) of two rows: the chance that a token drawn from q is accepted, 1 − TV(p, q). */
    static double overlap(float[] p, int pRow, float[] q, int qRow, int v) {
        double s = 0;
        for (int x = 0; x < v; x++) {
            s += Math.min(p[pRow * v + x], q[qRow * v + x]);
        }
        return s;
    }
}
