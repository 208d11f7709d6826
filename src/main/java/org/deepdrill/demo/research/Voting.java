package org.deepdrill.demo.research;

import java.util.Random;

/**
 * Self-consistency and best-of-N over a binary answer, in plain Java. A sampled solve of problem i
 * follows a path drawn uniformly from P paths, so it is right with probability p_i, the share of
 * paths that are right on i. Majority vote over N (odd) samples and best-of-N (the verifier's
 * preferred answer among those sampled) are simulated, and predicted for independent samples.
 */
final class Voting {
    private Voting() {
    }

    /** P(more than n/2 of n independent trials succeed), each with probability p; n odd. */
    static double majority(int n, double p) {
        double s = 0;
        double c = 1; // C(n, j), built up from j = 0
        for (int j = 0; j <= n; j++) {
            if (2 * j > n) {
                s += c * Math.pow(p, j) * Math.pow(1 - p, n - j);
            }
            c = c * (n - j) / (j + 1);
        }
        return s;
    }

    /** Predicted majority-vote accuracy at each n: the mean over problems of {@link #majority}. */
    static double[] predictVote(double[] p, int[] ns) {
        double[] out = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            for (double pi : p) {
                out[k] += majority(ns[k], pi) / p.length;
            }
        }
        return out;
    }

    /**
     * Predicted best-of-n accuracy: all n right, or both answers present and the verifier prefers
     * the right one: p^n + (1 − p^n − (1 − p)^n)·[verifier right].
     */
    static double[] predictBest(double[] p, boolean[] verifierRight, int[] ns) {
        double[] out = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            for (int i = 0; i < p.length; i++) {
                double all = Math.pow(p[i], ns[k]);
                double mixed = 1 - all - Math.pow(1 - p[i], ns[k]);
                out[k] += (all + (verifierRight[i] ? mixed : 0)) / p.length;
            }
        }
        return out;
    }

    /**
     * Simulated accuracies {vote[n], best[n]} over {@code repeats} rounds. Each round draws max(ns)
     * paths per problem; a vote at n uses the first n. With {@code greedy} every draw is path 0.
     */
    static double[][] simulate(boolean[][] right, boolean[] verifierRight, int[] ns, int repeats, Random rnd, boolean greedy) {
        int paths = right.length;
        int problems = verifierRight.length;
        int max = ns[ns.length - 1];
        double[] vote = new double[ns.length];
        double[] best = new double[ns.length];
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < problems; i++) {
                int good = 0;
                int k = 0;
                for (int n = 1; n <= max; n++) {
                    int path = greedy ? 0 : rnd.nextInt(paths);
                    good += right[path][i] ? 1 : 0;
                    if (n == ns[k]) {
                        vote[k] += 2 * good > n ? 1 : 0;
                        boolean picked = good == n || (good > 0 && verifierRight[i]);
                        best[k] += picked ? 1 : 0;
                        k++;
                    }
                }
            }
        }
        double trials = (double) repeats * problems;
        for (int k = 0; k < ns.length; k++) {
            vote[k] /= trials;
            best[k] /= trials;
        }
        return new double[][] {vote, best};
    }
}
