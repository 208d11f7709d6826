package org.deepdrill.demo.applied;

/**
 * Plain numerics for calibration and pass@k on logits held as double[N][K]: softmax at a
 * temperature, NLL, equal-width reliability bins, ECE, a one-parameter temperature fit, and the two
 * pass@k estimators.
 */
final class Calibration {
    private Calibration() {
    }

    /** Softmax of logits / t, row by row. */
    static double[][] softmax(double[][] logits, double t) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[i]) {
                max = Math.max(max, z / t);
            }
            double sum = 0;
            p[i] = new double[logits[i].length];
            for (int c = 0; c < p[i].length; c++) {
                p[i][c] = Math.exp(logits[i][c] / t - max);
                sum += p[i][c];
            }
            for (int c = 0; c < p[i].length; c++) {
                p[i][c] /= sum;
            }
        }
        return p;
    }

    static double nll(double[][] logits, int[] y, double t) {
        double[][] p = softmax(logits, t);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s -= Math.log(Math.max(p[i][y[i]], 1e-300));
        }
        return s / y.length;
    }

    /** The temperature that minimises the NLL of (logits, y): golden-section search on log t in [1/20, 20]. */
    static double fitTemperature(double[][] logits, int[] y) {
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, y, Math.exp(a));
        double fb = nll(logits, y, Math.exp(b));
        for (int it = 0; it < 60; it++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, y, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, y, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Per equal-width confidence bin: {count, mean confidence, accuracy}; empty bins hold zeros. */
    static double[][] reliability(double[][] p, int[] y, int bins) {
        double[][] out = new double[bins][3];
        for (int i = 0; i < y.length; i++) {
            int arg = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][arg]) {
                    arg = c;
                }
            }
            double conf = p[i][arg];
            int b = Math.min(bins - 1, (int) (conf * bins));
            out[b][0]++;
            out[b][1] += conf;
            out[b][2] += arg == y[i] ? 1 : 0;
        }
        for (double[] bin : out) {
            if (bin[0] > 0) {
                bin[1] /= bin[0];
                bin[2] /= bin[0];
            }
        }
        return out;
    }

    /** ECE = Σ_b (n_b / n)·|acc(b) − conf(b)|. */
    static double ece(double[][] bins) {
        double n = 0;
        double s = 0;
        for (double[] b : bins) {
            n += b[0];
            s += b[0] * Math.abs(b[2] - b[1]);
        }
        return s / n;
    }

    /** Mean confidence and accuracy over all points: {confidence, accuracy}. */
    static double[] confidenceAndAccuracy(double[][] bins) {
        double n = 0;
        double conf = 0;
        double acc = 0;
        for (double[] b : bins) {
            n += b[0];
            conf += b[0] * b[1];
            acc += b[0] * b[2];
        }
        return new double[] {conf / n, acc / n};
    }

    /** Unbiased pass@k from n samples with c correct: 1 − C(n − c, k)/C(n, k), as a stable product. */
    static double passAtK(int n, int c, int k) {
        if (n - c < k) {
            return 1;
        }
        double fail = 1;
        for (int i = n - c + 1; i <= n; i++) {
            fail *= 1 - (double) k / i;
        }
        return 1 - fail;
    }

    /** The plug-in estimate 1 − (1 − c/n)^k, biased low because the map is concave. */
    static double naivePassAtK(int n, int c, int k) {
        return 1 - Math.pow(1 - (double) c / n, k);
    }
}
