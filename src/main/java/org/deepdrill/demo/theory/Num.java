package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;

/** Small numeric helpers shared by the theory demos. */
final class Num {
    private Num() {
    }

    /** ‖a − b‖ / (‖a‖ + ‖b‖): 0 for equal vectors, 1 for opposite ones, scale free. */
    static double relErr(NDArray a, NDArray b) {
        double diff = a.sub(b).norm().getDouble();
        double size = a.norm().getDouble() + b.norm().getDouble();
        return size == 0 ? 0 : diff / size;
    }

    /** Refuses a run whose main tensors would need more than about 1 GB. */
    static void checkMemory(double bytes, String params) {
        if (bytes > 1e9) {
            throw new org.deepdrill.demo.ParamException(String.format(java.util.Locale.ROOT,
                    "These values of %s need about %.1f GB of tensors; the limit is 1 GB. Lower one of them.",
                    params, bytes / 1e9));
        }
    }

    static double[] logSpace(double fromExp, double toExp, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double e = n == 1 ? fromExp : fromExp + (toExp - fromExp) * i / (n - 1);
            out[i] = Math.pow(10, e);
        }
        return out;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The entries of v whose x lies in [lo, hi], as {x, v} arrays. */
    static double[][] window(double[] x, double[] v, double lo, double hi) {
        int n = 0;
        for (double d : x) {
            if (d >= lo && d <= hi) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= lo && x[i] <= hi) {
                out[0][k] = x[i];
                out[1][k] = v[i];
                k++;
            }
        }
        return out;
    }
}
