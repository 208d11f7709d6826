package org.deepdrill.demo.optim;

import java.util.Random;

/**
 * The synthetic language of the speculative-decoding demo: a second-order Markov chain over a small
 * vocabulary. The next token's logits are 2·A[b][x] + 0.9·B[a][x] for the last two tokens (a, b),
 * with A and B standard normal, so the last token matters most and the one before it still shifts
 * the odds: a model that sees only one token (the draft) can be good but never exact.
 */
final class SpecLanguage {
    private static final double LAST = 2.0;
    private static final double BEFORE = 0.9;
    private final int vocab;
    private final double[][] cumulative; // (V², V): cumulative next-token probabilities per context a·V + b

    SpecLanguage(int vocab, long seed) {
        this.vocab = vocab;
        Random rnd = new Random(seed);
        double[][] a = gaussian(rnd, vocab);
        double[][] b = gaussian(rnd, vocab);
        cumulative = new double[vocab * vocab][vocab];
        for (int prev = 0; prev < vocab; prev++) {
            for (int last = 0; last < vocab; last++) {
                double[] logits = new double[vocab];
                for (int x = 0; x < vocab; x++) {
                    logits[x] = LAST * a[last][x] + BEFORE * b[prev][x];
                }
                double[] p = Probs.softmax(logits);
                double run = 0;
                double[] c = cumulative[prev * vocab + last];
                for (int x = 0; x < vocab; x++) {
                    run += p[x];
                    c[x] = run;
                }
            }
        }
    }

    int vocab() {
        return vocab;
    }

    /**
     * The entropy rate in nats per token: the conditional entropy of the next token averaged over the
     * chain's stationary contexts. No model of the language can reach a lower cross-entropy.
     */
    double entropyRate() {
        int n = vocab * vocab;
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        for (int it = 0; it < 500; it++) {
            double[] next = new double[n];
            for (int c = 0; c < n; c++) {
                for (int x = 0; x < vocab; x++) {
                    next[(c % vocab) * vocab + x] += pi[c] * prob(c, x);
                }
            }
            pi = next;
        }
        double h = 0;
        for (int c = 0; c < n; c++) {
            for (int x = 0; x < vocab; x++) {
                double p = prob(c, x);
                h -= p > 0 ? pi[c] * p * Math.log(p) : 0;
            }
        }
        return h;
    }

    private double prob(int c, int x) {
        return cumulative[c][x] - (x == 0 ? 0 : cumulative[c][x - 1]);
    }

    /** Training triples (a, b, next) read off {@code chains} runs of {@code length} tokens after a burn-in. */
    int[][] sample(int chains, int length, Random rnd) {
        int n = chains * length;
        int[][] out = new int[3][n];
        int k = 0;
        for (int c = 0; c < chains; c++) {
            int[] ctx = burnIn(rnd);
            for (int t = 0; t < length; t++) {
                int next = draw(ctx[0], ctx[1], rnd);
                out[0][k] = ctx[0];
                out[1][k] = ctx[1];
                out[2][k] = next;
                ctx[0] = ctx[1];
                ctx[1] = next;
                k++;
            }
        }
        return out;
    }

    /** {@code n} starting contexts (a, b), each the end of a run of the language. */
    int[][] contexts(int n, Random rnd) {
        int[][] out = new int[2][n];
        for (int i = 0; i < n; i++) {
            int[] ctx = burnIn(rnd);
            out[0][i] = ctx[0];
            out[1][i] = ctx[1];
        }
        return out;
    }

    private int[] burnIn(Random rnd) {
        int[] ctx = {rnd.nextInt(vocab), rnd.nextInt(vocab)};
        for (int t = 0; t < 20; t++) {
            int next = draw(ctx[0], ctx[1], rnd);
            ctx[0] = ctx[1];
            ctx[1] = next;
        }
        return ctx;
    }

    private int draw(int prev, int last, Random rnd) {
        double[] c = cumulative[prev * vocab + last];
        double u = rnd.nextDouble() * c[vocab - 1];
        for (int x = 0; x < vocab - 1; x++) {
            if (u < c[x]) {
                return x;
            }
        }
        return vocab - 1;
    }

    private static double[][] gaussian(Random rnd, int v) {
        double[][] g = new double[v][v];
        for (double[] row : g) {
            for (int j = 0; j < v; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return g;
    }
}
