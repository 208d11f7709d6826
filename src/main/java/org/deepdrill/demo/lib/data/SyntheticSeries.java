package org.deepdrill.demo.lib.data;

import java.util.Random;

/**
 * A multivariate series with known structure. Each variable j is
 * level_j + trend·slope_j·t/T + A1·sin(2πt/P1 + φ_j) + A2·sin(2πt/P2 + ψ_j) + d_j(t) + σ·ε,
 * where d_0 is an AR(1) process and d_j(t) = c·d_{j−1}(t − lag) + (1 − c)·(own AR(1)) for j ≥ 1, so the
 * past of variable j−1 predicts variable j up to {@code lag} steps ahead.
 */
public final class SyntheticSeries {
    /** The generator's knobs. */
    public record Knobs(int variables, int length, double trend, int period1, int period2, double amp1, double amp2,
                        double arCoef, int lag, double coupling, double noise, long seed) {
    }

    private SyntheticSeries() {
    }

    /** Returns values[t][j] for t in 0..length-1 and j in 0..variables-1. */
    public static double[][] generate(Knobs k) {
        Random rnd = new Random(k.seed());
        int v = k.variables();
        int n = k.length();
        int burn = k.lag() * v + 50;
        double[][] ar = new double[v][n + burn];
        double innov = Math.sqrt(1 - k.arCoef() * k.arCoef()); // unit stationary variance
        for (int j = 0; j < v; j++) {
            for (int t = 1; t < n + burn; t++) {
                ar[j][t] = k.arCoef() * ar[j][t - 1] + innov * rnd.nextGaussian();
            }
        }
        double[][] dyn = new double[v][n + burn];
        dyn[0] = ar[0];
        for (int j = 1; j < v; j++) {
            for (int t = 0; t < n + burn; t++) {
                double lead = t >= k.lag() ? dyn[j - 1][t - k.lag()] : 0;
                dyn[j][t] = k.coupling() * lead + (1 - k.coupling()) * ar[j][t];
            }
        }
        double[][] out = new double[n][v];
        for (int j = 0; j < v; j++) {
            double level = rnd.nextGaussian();
            double slope = 0.5 + rnd.nextDouble();
            double phase1 = 2 * Math.PI * rnd.nextDouble();
            double phase2 = 2 * Math.PI * rnd.nextDouble();
            for (int t = 0; t < n; t++) {
                out[t][j] = level + k.trend() * slope * t / n
                        + k.amp1() * Math.sin(2 * Math.PI * t / k.period1() + phase1)
                        + k.amp2() * Math.sin(2 * Math.PI * t / k.period2() + phase2)
                        + dyn[j][t + burn] + k.noise() * rnd.nextGaussian();
            }
        }
        return out;
    }
}
