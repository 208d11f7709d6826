package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Small helpers shared by the section-3 demos: array slices, sums and parameter counts. */
final class AppliedMath {
    private AppliedMath() {
    }

    static double sum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    static double[] column(double[][] m, int j) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][j];
        }
        return out;
    }

    /** The first {@code count} rows of a 2-D array (R,C). */
    static double[][] rows(NDArray a, int count) {
        long cols = a.getShape().get(1);
        float[] v = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] out = new double[count][(int) cols];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = v[(int) (i * cols + j)];
            }
        }
        return out;
    }

    /** Mean over the first two axes of (A,B,R,C), as a matrix (R,C). */
    static double[][] meanOver01(NDArray a) {
        NDArray mean = a.mean(new int[] {0}).mean(new int[] {0}); // (R,C)
        return rows(mean, (int) mean.getShape().get(0));
    }

    static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** Area under the ROC curve from scores of positives and negatives (ties count one half). */
    static double auc(double[] pos, double[] neg) {
        double[] sortedNeg = neg.clone();
        java.util.Arrays.sort(sortedNeg);
        double total = 0;
        for (double s : pos) {
            int below = lowerBound(sortedNeg, s);
            int belowOrEqual = upperBound(sortedNeg, s);
            total += below + 0.5 * (belowOrEqual - below);
        }
        return total / ((double) pos.length * neg.length);
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
