package org.deepdrill.demo.applied;

/** A two-component PCA for small matrices, in plain Java (power iteration with deflation). */
final class Pca {
    private Pca() {
    }

    /** Projects the rows of x (n,d), given row-major, onto its two leading principal axes: [n][2]. */
    static double[][] project2d(float[] x, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double ca = x[i * d + a] - mean[a];
                for (int b = 0; b < d; b++) {
                    cov[a][b] += ca * (x[i * d + b] - mean[b]) / n;
                }
            }
        }
        double[] v1 = leading(cov);
        double l1 = rayleigh(cov, v1);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] -= l1 * v1[a] * v1[b];
            }
        }
        double[] v2 = leading(cov);
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = x[i * d + j] - mean[j];
                out[i][0] += c * v1[j];
                out[i][1] += c * v2[j];
            }
        }
        return out;
    }

    private static double[] leading(double[][] m) {
        int d = m.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1.0 + 0.01 * j;
        }
        for (int it = 0; it < 300; it++) {
            double[] w = new double[d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    w[a] += m[a][b] * v[b];
                }
            }
            double norm = 0;
            for (double c : w) {
                norm += c * c;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return v;
            }
            for (int a = 0; a < d; a++) {
                v[a] = w[a] / norm;
            }
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < v.length; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }
}
