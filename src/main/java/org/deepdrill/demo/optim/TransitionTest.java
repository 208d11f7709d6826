package org.deepdrill.demo.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-square test of next-token counts against a model's exact conditionals, summed over
 * contexts. Within a context, tokens expected fewer than five times are pooled so that the
 * statistic stays close to its chi-square law; contexts seen fewer than 20 times are skipped. If the
 * tokens really follow the conditionals, χ² has mean df and the z-score (χ² − df)/√(2·df) is about
 * standard normal.
 */
final class TransitionTest {
    private static final double MIN_EXPECTED = 5;
    private static final long MIN_CONTEXT = 20;

    /** χ², its degrees of freedom and the z-score. */
    record Result(double chi2, int df, double z) {
    }

    private TransitionTest() {
    }

    /** counts and probs are flat (context·V + x), with V² contexts. */
    static Result against(long[] counts, double[] probs, int v) {
        double chi2 = 0;
        int df = 0;
        for (int c = 0; c < v * v; c++) {
            long n = 0;
            for (int x = 0; x < v; x++) {
                n += counts[c * v + x];
            }
            if (n < MIN_CONTEXT) {
                continue;
            }
            List<double[]> bins = bins(counts, probs, c, v, n);
            if (bins.size() < 2) {
                continue;
            }
            for (double[] bin : bins) {
                double d = bin[0] - bin[1];
                chi2 += d * d / bin[1];
            }
            df += bins.size() - 1;
        }
        return new Result(chi2, df, df == 0 ? 0 : (chi2 - df) / Math.sqrt(2.0 * df));
    }

    /** {observed, expected} per bin: large cells alone, small ones pooled into one "rest" bin. */
    private static List<double[]> bins(long[] counts, double[] probs, int c, int v, long n) {
        List<double[]> bins = new ArrayList<>();
        double restO = 0;
        double restE = 0;
        for (int x = 0; x < v; x++) {
            double e = n * probs[c * v + x];
            if (e >= MIN_EXPECTED) {
                bins.add(new double[] {counts[c * v + x], e});
            } else {
                restO += counts[c * v + x];
                restE += e;
            }
        }
        if (restE >= MIN_EXPECTED || bins.isEmpty()) {
            bins.add(new double[] {restO, restE});
        } else {
            double[] smallest = bins.get(0);
            for (double[] bin : bins) {
                if (bin[1] < smallest[1]) {
                    smallest = bin;
                }
            }
            smallest[0] += restO;
            smallest[1] += restE;
        }
        return bins;
    }
}
