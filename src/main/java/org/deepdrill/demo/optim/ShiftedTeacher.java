package org.deepdrill.demo.optim;

import java.util.Random;

/**
 * Two related regression tasks from a random tanh teacher x → tanh(x·W1)·W2/√h. Task B's
 * teacher adds ΔW1 to the first layer: a rank-1 change u·vᵀ, or (to show where LoRA's low rank
 * stops sufficing) a full-rank Gaussian change of the same Frobenius norm. Plain Java, seeded.
 */
final class ShiftedTeacher {
    private final int in;
    private final int hidden;
    private final int outputs;
    private final double[][] w1;
    private final double[][] w1b;
    private final double[][] w2;

    ShiftedTeacher(int in, int hidden, int outputs, double shift, boolean fullRank, Random rnd) {
        this.in = in;
        this.hidden = hidden;
        this.outputs = outputs;
        w1 = gaussian(in, hidden, 1.5 / Math.sqrt(in), rnd);
        w2 = gaussian(hidden, outputs, 1, rnd);
        double[][] delta = fullRank ? gaussian(in, hidden, 1, rnd) : outer(unit(in, rnd), unit(hidden, rnd));
        double norm = Math.sqrt(frob2(delta));
        double target = shift * Math.sqrt(frob2(w1));
        w1b = new double[in][hidden];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < hidden; j++) {
                w1b[i][j] = w1[i][j] + delta[i][j] * target / norm;
            }
        }
    }

    /** n standard Gaussian inputs, row-major (n·in). */
    float[] inputs(int n, Random rnd) {
        float[] x = new float[n * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** The teacher's outputs (n·outputs, row-major) for task A ({@code taskB} false) or task B. */
    float[] targets(float[] x, boolean taskB) {
        double[][] first = taskB ? w1b : w1;
        int n = x.length / in;
        float[] y = new float[n * outputs];
        double[] h = new double[hidden];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < hidden; j++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * first[i][j];
                }
                h[j] = Math.tanh(s);
            }
            for (int c = 0; c < outputs; c++) {
                double s = 0;
                for (int j = 0; j < hidden; j++) {
                    s += h[j] * w2[j][c];
                }
                y[r * outputs + c] = (float) (s / Math.sqrt(hidden));
            }
        }
        return y;
    }

    private static double[][] gaussian(int r, int c, double std, Random rnd) {
        double[][] m = new double[r][c];
        for (double[] row : m) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextGaussian() * std;
            }
        }
        return m;
    }

    private static double[] unit(int n, Random rnd) {
        double[] v = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < n; i++) {
            v[i] /= Math.sqrt(s);
        }
        return v;
    }

    private static double[][] outer(double[] u, double[] v) {
        double[][] m = new double[u.length][v.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m[i][j] = u[i] * v[j];
            }
        }
        return m;
    }

    private static double frob2(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }
}
