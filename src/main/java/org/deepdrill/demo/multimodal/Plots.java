package org.deepdrill.demo.multimodal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.deepdrill.demo.Series;

/** Turns small NDArrays into the plain arrays that charts and heatmaps take. */
final class Plots {
    private Plots() {
    }

    /** A (R,C) array as a double matrix. */
    static double[][] matrix(NDArray a) {
        int r = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] v = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = v[i * c + j];
            }
        }
        return out;
    }

    /** The first {@code max} rows of an (N,2) point cloud as a scatter series. */
    static Series points(String name, NDArray xy, int max) {
        float[] v = xy.toType(DataType.FLOAT32, false).toFloatArray();
        int n = Math.min(max, v.length / 2);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = v[2 * i];
            y[i] = v[2 * i + 1];
        }
        return new Series(name, x, y);
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
