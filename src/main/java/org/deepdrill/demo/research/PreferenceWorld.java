package org.deepdrill.demo.research;

import java.util.Random;

/**
 * The small world of the RLHF/DPO demo: {@code prompts} prompts with {@code responses} candidate
 * responses each. A gold reward says what we want; the labellers' reward, which decides the
 * preference labels through Bradley–Terry, equals it except for one "flattering" response per
 * prompt that labellers overrate by {@code flattery} although its gold reward is poor, and that the
 * reference policy rarely writes. Also the pure helpers on policies: softmax, KL, expectations and
 * the closed-form optimum π* ∝ π_ref·exp(r/β).
 */
final class PreferenceWorld {
    static final double FLATTERING_GOLD = -1.5;
    final int prompts;
    final int responses;
    final double[][] gold;
    final double[][] labeller;
    final double[][] refLogits;
    final int[] flattering;

    PreferenceWorld(int prompts, int responses, double flattery, long seed) {
        this.prompts = prompts;
        this.responses = responses;
        Random rnd = new Random(seed);
        gold = new double[prompts][responses];
        labeller = new double[prompts][responses];
        refLogits = new double[prompts][responses];
        flattering = new int[prompts];
        for (int x = 0; x < prompts; x++) {
            double min = Double.POSITIVE_INFINITY;
            for (int y = 0; y < responses; y++) {
                gold[x][y] = rnd.nextGaussian();
                refLogits[x][y] = 1.2 * rnd.nextGaussian();
                min = Math.min(min, refLogits[x][y]);
            }
            int h = rnd.nextInt(responses);
            flattering[x] = h;
            gold[x][h] = FLATTERING_GOLD;
            refLogits[x][h] = min - 0.5;
            for (int y = 0; y < responses; y++) {
                labeller[x][y] = gold[x][y] + (y == h ? flattery : 0);
            }
        }
    }

    double[][] reference() {
        return softmax(refLogits, null, 1);
    }

    /**
     * {@code n} labelled pairs: a prompt, two responses drawn from an even mix of the reference policy
     * and the uniform one (so every response gets compared), and the labellers' choice with
     * P(first wins) = σ(r(first) − r(second)). Rows: prompt, winner, loser.
     */
    int[][] pairs(int n, Random rnd) {
        double[][] ref = reference();
        for (double[] row : ref) {
            for (int y = 0; y < row.length; y++) {
                row[y] = 0.5 * row[y] + 0.5 / row.length;
            }
        }
        int[][] out = new int[3][n];
        for (int i = 0; i < n; i++) {
            int x = rnd.nextInt(prompts);
            int a = draw(ref[x], rnd);
            int b = draw(ref[x], rnd);
            double pa = 1 / (1 + Math.exp(-(labeller[x][a] - labeller[x][b])));
            boolean aWins = rnd.nextDouble() < pa;
            out[0][i] = x;
            out[1][i] = aWins ? a : b;
            out[2][i] = aWins ? b : a;
        }
        return out;
    }

    /** Row-wise softmax of base + r/β (r may be null). */
    static double[][] softmax(double[][] base, double[][] r, double beta) {
        double[][] p = new double[base.length][];
        for (int x = 0; x < base.length; x++) {
            int k = base[x].length;
            double[] l = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int y = 0; y < k; y++) {
                l[y] = base[x][y] + (r == null ? 0 : r[x][y] / beta);
                max = Math.max(max, l[y]);
            }
            double sum = 0;
            for (int y = 0; y < k; y++) {
                l[y] = Math.exp(l[y] - max);
                sum += l[y];
            }
            for (int y = 0; y < k; y++) {
                l[y] /= sum;
            }
            p[x] = l;
        }
        return p;
    }

    /** The closed-form optimum of E[r] − β·KL(π ‖ π_ref): π* ∝ π_ref·exp(r/β). */
    double[][] optimum(double[][] r, double beta) {
        return softmax(refLogits, r, beta);
    }

    /** Mean over prompts of KL(p ‖ q) in nats. */
    static double kl(double[][] p, double[][] q) {
        double s = 0;
        for (int x = 0; x < p.length; x++) {
            for (int y = 0; y < p[x].length; y++) {
                if (p[x][y] > 0) {
                    s += p[x][y] * Math.log(p[x][y] / Math.max(q[x][y], 1e-300));
                }
            }
        }
        return s / p.length;
    }

    /** Mean over prompts of E_{y~p}[r(x, y)]. */
    static double expected(double[][] p, double[][] r) {
        double s = 0;
        for (int x = 0; x < p.length; x++) {
            for (int y = 0; y < p[x].length; y++) {
                s += p[x][y] * r[x][y];
            }
        }
        return s / p.length;
    }

    /** Mean probability of the flattering response. */
    double flatteringMass(double[][] p) {
        double s = 0;
        for (int x = 0; x < prompts; x++) {
            s += p[x][flattering[x]];
        }
        return s / prompts;
    }

    static int draw(double[] p, Random rnd) {
        double u = rnd.nextDouble();
        double run = 0;
        for (int y = 0; y < p.length - 1; y++) {
            run += p[y];
            if (u < run) {
                return y;
            }
        }
        return p.length - 1;
    }

    /** Pearson correlation of two tables after removing each prompt's mean (rewards are shift-free per prompt). */
    static double centredCorrelation(double[][] a, double[][] b) {
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int x = 0; x < a.length; x++) {
            double ma = mean(a[x]);
            double mb = mean(b[x]);
            for (int y = 0; y < a[x].length; y++) {
                double da = a[x][y] - ma;
                double db = b[x][y] - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
