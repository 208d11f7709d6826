package org.deepdrill.demo.multimodal;

/**
 * The DDPM variance schedule for any number of steps T: the continuous-time linear schedule
 * β(s) = β_min + s·(β_max − β_min), s ∈ [0, 1], discretised exactly, so α_t = exp(−∫ β(s) ds over
 * step t) and β_t = 1 − α_t. For large T this is Ho et al.'s linear schedule with β scaled by 1000/T
 * (10⁻⁴ to 0.02 at T = 1000); unlike that rule it keeps every β_t below 1 for small T, and ᾱ_T is
 * exp(−(β_min + β_max)/2) ≈ 4·10⁻⁵ whatever T is.
 */
final class NoiseSchedule {
    static final double BETA_MIN = 0.1;
    static final double BETA_MAX = 20;

    final int steps;
    final float[] beta;
    final float[] alphaBar;

    NoiseSchedule(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a schedule needs at least 2 steps, got " + steps);
        }
        this.steps = steps;
        beta = new float[steps];
        alphaBar = new float[steps];
        double logProd = 0;
        for (int t = 0; t < steps; t++) {
            double integral = (BETA_MIN + (BETA_MAX - BETA_MIN) * (t + 0.5) / steps) / steps; // ∫ β(s) ds over step t
            beta[t] = (float) -Math.expm1(-integral);
            logProd -= integral;
            alphaBar[t] = (float) Math.exp(logProd);
            if (!(beta[t] > 0 && beta[t] < 1 && alphaBar[t] > 0)) {
                throw new IllegalStateException("schedule step " + t + " of " + steps + " has β = " + beta[t]
                        + ", ᾱ = " + alphaBar[t]);
            }
        }
    }

    double sqrtAlphaBar(int t) {
        return Math.sqrt(alphaBar[t]);
    }

    double sqrtOneMinusAlphaBar(int t) {
        return Math.sqrt(1 - alphaBar[t]);
    }

    float[] sqrtAlphaBar() {
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = (float) sqrtAlphaBar(t);
        }
        return out;
    }

    float[] sqrtOneMinusAlphaBar() {
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = (float) sqrtOneMinusAlphaBar(t);
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
