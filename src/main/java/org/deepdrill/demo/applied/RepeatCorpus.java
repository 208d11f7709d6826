package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Token sequences from one random first-order Markov chain, split into groups seen once, 4 times and
 * 16 times in the training stream, plus held-out sequences from the same chain that training never
 * sees. Each position of a sequence is one next-token example whose context is the previous
 * {@link #CONTEXT} tokens (a start token pads the beginning).
 */
final class RepeatCorpus {
    static final int VOCAB = 64;
    static final int START = VOCAB;
    static final int CONTEXT = 4;
    static final int LENGTH = 32;
    static final int[] REPEATS = {1, 4, 16};
    private static final double PEAK = 1.6;

    /** The distinct sequences of each repeat group, in {@link #REPEATS} order, and the held-out ones. */
    final List<List<int[]>> groups = new ArrayList<>();
    final List<int[]> heldOut = new ArrayList<>();
    /** Entropy rate of the chain in nats per token: the loss of a model that knows the chain and nothing more. */
    final double entropy;

    RepeatCorpus(int[] distinct, int heldOutCount, Random rnd) {
        double[][] next = new double[VOCAB][VOCAB];
        for (double[] row : next) {
            double sum = 0;
            for (int j = 0; j < VOCAB; j++) {
                row[j] = Math.exp(PEAK * rnd.nextGaussian());
                sum += row[j];
            }
            for (int j = 0; j < VOCAB; j++) {
                row[j] /= sum;
            }
        }
        for (int count : distinct) {
            List<int[]> g = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                g.add(sequence(next, rnd));
            }
            groups.add(g);
        }
        for (int i = 0; i < heldOutCount; i++) {
            heldOut.add(sequence(next, rnd));
        }
        entropy = entropyRate(next);
    }

    private static int[] sequence(double[][] next, Random rnd) {
        int[] s = new int[LENGTH];
        s[0] = rnd.nextInt(VOCAB);
        for (int t = 1; t < LENGTH; t++) {
            s[t] = draw(next[s[t - 1]], rnd);
        }
        return s;
    }

    private static int draw(double[] p, Random rnd) {
        double u = rnd.nextDouble();
        for (int j = 0; j < p.length; j++) {
            u -= p[j];
            if (u < 0) {
                return j;
            }
        }
        return p.length - 1;
    }

    /** Σ_i π_i H(next_i), with π the stationary distribution found by power iteration. */
    private static double entropyRate(double[][] next) {
        double[] pi = new double[VOCAB];
        java.util.Arrays.fill(pi, 1.0 / VOCAB);
        for (int it = 0; it < 200; it++) {
            double[] q = new double[VOCAB];
            for (int i = 0; i < VOCAB; i++) {
                for (int j = 0; j < VOCAB; j++) {
                    q[j] += pi[i] * next[i][j];
                }
            }
            pi = q;
        }
        double h = 0;
        for (int i = 0; i < VOCAB; i++) {
            for (double p : next[i]) {
                h -= p > 0 ? pi[i] * p * Math.log(p) : 0;
            }
        }
        return h;
    }

    /** The training stream: every sequence of group g repeated REPEATS[g] times (order is shuffled by the trainer). */
    List<int[]> stream() {
        List<int[]> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            for (int[] s : groups.get(g)) {
                for (int k = 0; k < REPEATS[g]; k++) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Contexts (n·CONTEXT, row-major) and next tokens (n) of every position of the given sequences. */
    static int[][] examples(List<int[]> sequences) {
        int n = sequences.size() * LENGTH;
        int[] ctx = new int[n * CONTEXT];
        int[] next = new int[n];
        int e = 0;
        for (int[] s : sequences) {
            for (int t = 0; t < LENGTH; t++) {
                for (int c = 0; c < CONTEXT; c++) {
                    int pos = t - CONTEXT + c;
                    ctx[e * CONTEXT + c] = pos < 0 ? START : s[pos];
                }
                next[e] = s[t];
                e++;
            }
        }
        return new int[][] {ctx, next};
    }
}
