package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Sliding windows over a series for direct multi-horizon forecasting. Values are standardised with
 * the training part's mean and spread; the last {@code testLength} steps are only ever targets of
 * the held-out evaluation. Each window is also centred on its own mean per variable (inputs and
 * targets alike; the forecast adds it back), so a trend that leaves the training range does not
 * push the models outside the values they were trained on.
 */
final class ForecastData {
    final double[][] raw; // (T,V)
    final int length;
    final int variables;
    final int window;
    final int horizon;
    final int testStart;
    final double[] mean;
    final double[] std;
    private final float[] z; // (T,V) standardised, row-major

    ForecastData(double[][] raw, int window, int horizon, int testLength) {
        this.raw = raw;
        this.length = raw.length;
        this.variables = raw[0].length;
        this.window = window;
        this.horizon = horizon;
        this.testStart = length - testLength;
        this.mean = new double[variables];
        this.std = new double[variables];
        for (int j = 0; j < variables; j++) {
            double s = 0;
            double s2 = 0;
            for (int t = 0; t < testStart; t++) {
                s += raw[t][j];
                s2 += raw[t][j] * raw[t][j];
            }
            mean[j] = s / testStart;
            std[j] = Math.sqrt(Math.max(s2 / testStart - mean[j] * mean[j], 1e-12));
        }
        this.z = new float[length * variables];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < variables; j++) {
                z[t * variables + j] = (float) ((raw[t][j] - mean[j]) / std[j]);
            }
        }
    }

    /** Random forecast origins whose targets lie entirely before the test part. */
    int[] trainOrigins(Random rnd, int count) {
        int lo = window;
        int hi = testStart - horizon; // inclusive
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            o[i] = lo + rnd.nextInt(hi - lo + 1);
        }
        return o;
    }

    /** Every {@code stride}-th origin whose horizon lies inside the test part. */
    int[] testOrigins(int stride) {
        int n = (length - horizon - testStart) / stride + 1;
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = testStart + i * stride;
        }
        return o;
    }

    /** The mean of the W standardised steps before the origin, per variable. */
    float[] windowMean(int origin) {
        float[] c = new float[variables];
        for (int t = origin - window; t < origin; t++) {
            for (int j = 0; j < variables; j++) {
                c[j] += z[t * variables + j] / window;
            }
        }
        return c;
    }

    /** Inputs: the W standardised, window-centred steps before each origin, (B,W,V). */
    NDArray inputs(NDManager m, int[] origins) {
        return slice(m, origins, window, -window);
    }

    /** Targets: the H standardised steps from each origin, centred on the input window's mean, (B,H,V). */
    NDArray targets(NDManager m, int[] origins) {
        return slice(m, origins, horizon, 0);
    }

    private NDArray slice(NDManager m, int[] origins, int steps, int offset) {
        float[] buf = new float[origins.length * steps * variables];
        for (int i = 0; i < origins.length; i++) {
            float[] c = windowMean(origins[i]);
            int start = origins[i] + offset;
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < variables; j++) {
                    buf[(i * steps + t) * variables + j] = z[(start + t) * variables + j] - c[j];
                }
            }
        }
        return m.create(buf, new Shape(origins.length, steps, variables));
    }

    /** Turns a centred, standardised forecast (B,H,V), given flat, back into raw units [b][h][v]. */
    double[][][] toRaw(float[] flat, int[] origins) {
        double[][][] out = new double[origins.length][horizon][variables];
        for (int i = 0; i < origins.length; i++) {
            float[] c = windowMean(origins[i]);
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < variables; j++) {
                    out[i][h][j] = (flat[(i * horizon + h) * variables + j] + c[j]) * std[j] + mean[j];
                }
            }
        }
        return out;
    }

    /** The seasonal-naive forecast: the value one season (period p) earlier, repeated as needed. */
    double[][][] seasonalNaive(int[] origins, int period) {
        double[][][] out = new double[origins.length][horizon][variables];
        for (int i = 0; i < origins.length; i++) {
            for (int h = 0; h < horizon; h++) {
                int back = period * ((h / period) + 1);
                for (int j = 0; j < variables; j++) {
                    out[i][h][j] = raw[origins[i] + h - back][j];
                }
            }
        }
        return out;
    }

    /** MSE of a raw-unit forecast [b][h][v] after standardising, on the scale of the training loss. */
    double standardisedMse(double[][][] forecast, int[] origins) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < origins.length; i++) {
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < variables; j++) {
                    double e = (forecast[i][h][j] - raw[origins[i] + h][j]) / std[j];
                    s += e * e;
                    n++;
                }
            }
        }
        return s / n;
    }

    /** {MAE, RMSE} of a forecast [b][h][v] against the raw truth. */
    double[] errors(double[][][] forecast, int[] origins) {
        double abs = 0;
        double sq = 0;
        int n = 0;
        for (int i = 0; i < origins.length; i++) {
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < variables; j++) {
                    double e = forecast[i][h][j] - raw[origins[i] + h][j];
                    abs += Math.abs(e);
                    sq += e * e;
                    n++;
                }
            }
        }
        return new double[] {abs / n, Math.sqrt(sq / n)};
    }
}
