package org.deepdrill.demo.multimodal;

/**
 * The DDPM variance schedule: β_t linear in t, scaled with the number of steps so that
 * ᾱ_T = Π(1 − β_t) is close to zero (x_T is then nearly pure noise).
 */
final class NoiseSchedule {
    final int steps;
    final float[] beta;
    final float[] alphaBar;

    NoiseSchedule(int steps) {
        this.steps = steps;
        beta = new float[steps];
        alphaBar = new float[steps];
        double lo = 1e-4 * 1000.0 / steps;
        double hi = 0.02 * 1000.0 / steps;
        double prod = 1;
        for (int t = 0; t < steps; t++) {
            beta[t] = (float) (lo + (hi - lo) * t / Math.max(1, steps - 1));
            prod *= 1 - beta[t];
            alphaBar[t] = (float) prod;
        }
    }

    float[] sqrtAlphaBar() {
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = (float) Math.sqrt(alphaBar[t]);
        }
        return out;
    }

    float[] sqrtOneMinusAlphaBar() {
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = (float) Math.sqrt(1 - alphaBar[t]);
        }
        return out;
    }

    /** Variance of the reverse step t → t−1: the posterior variance β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t). */
    double posteriorVariance(int t) {
        if (t == 0) {
            return 0;
        }
        return beta[t] * (1 - alphaBar[t - 1]) / (1 - alphaBar[t]);
    }
}
