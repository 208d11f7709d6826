package org.deepdrill.demo.applied;

import java.util.Random;

/**
 * Repeated pass@k evaluations with a known answer. Problem i is solved by one sampled answer with
 * probability p_i, the model's probability of the right class; each repeat draws n answers per
 * problem, counts the correct ones c_i, and averages an estimator over the problems.
 */
final class PassAtK {
    private PassAtK() {
    }

    /**
     * Returns four arrays over k = 1..n: the exact pass@k (mean of 1 − (1 − p_i)^k), the mean over
     * repeats of the reported estimator (unbiased, or naive when {@code naiveReported}), its standard
     * error, and the mean of the naive estimator.
     */
    static double[][] simulate(double[][] probs, int[] y, int n, int repeats, Random rnd, boolean naiveReported) {
        int problems = y.length;
        double[] exact = new double[n];
        for (int k = 1; k <= n; k++) {
            double s = 0;
            for (int i = 0; i < problems; i++) {
                s += 1 - Math.pow(1 - probs[i][y[i]], k);
            }
            exact[k - 1] = s / problems;
        }
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        double[] naiveSum = new double[n];
        int[] correct = new int[problems];
        for (int rep = 0; rep < repeats; rep++) {
            for (int i = 0; i < problems; i++) {
                correct[i] = countCorrect(probs[i], y[i], n, rnd);
            }
            for (int k = 1; k <= n; k++) {
                double unbiased = 0;
                double naive = 0;
                for (int i = 0; i < problems; i++) {
                    unbiased += Calibration.passAtK(n, correct[i], k);
                    naive += Calibration.naivePassAtK(n, correct[i], k);
                }
                unbiased /= problems;
                naive /= problems;
                double reported = naiveReported ? naive : unbiased;
                sum[k - 1] += reported;
                sumSq[k - 1] += reported * reported;
                naiveSum[k - 1] += naive;
            }
        }
        double[] mean = new double[n];
        double[] se = new double[n];
        double[] naiveMean = new double[n];
        for (int k = 0; k < n; k++) {
            mean[k] = sum[k] / repeats;
            double var = Math.max(0, sumSq[k] / repeats - mean[k] * mean[k]) * repeats / (repeats - 1.0);
            se[k] = Math.max(Math.sqrt(var / repeats), 1e-12);
            naiveMean[k] = naiveSum[k] / repeats;
        }
        return new double[][] {exact, mean, se, naiveMean};
    }

    /** Draws n answers from the categorical distribution p and counts those equal to the right class. */
    private static int countCorrect(double[] p, int right, int n, Random rnd) {
        int c = 0;
        for (int s = 0; s < n; s++) {
            double u = rnd.nextDouble();
            int pick = p.length - 1;
            for (int j = 0; j < p.length - 1; j++) {
                u -= p[j];
                if (u < 0) {
                    pick = j;
                    break;
                }
            }
            if (pick == right) {
                c++;
            }
        }
        return c;
    }
}
