package org.deepdrill.quiz;

import java.util.Arrays;

/**
 * Many simulated candidates, each studying the same scenario once with the interview plan and
 * once without (same seed, so the same missed days), and the spread of what they reach.
 */
public record PlanComparison(PlanSimulation.Scenario scenario, int candidates, Spread recallWithout, Spread recallWith,
                             Spread recallGain, Spread reviewsWithout, Spread reviewsWith, Spread earlyReviews,
                             double shareBetter) {

    /** Mean, standard deviation and the 5th and 95th percentiles of one figure over the candidates. */
    public record Spread(double mean, double sd, double p5, double p95) {
        static Spread of(double[] x) {
            double mean = Arrays.stream(x).average().orElse(Double.NaN);
            double ss = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum();
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            return new Spread(mean, Math.sqrt(ss / Math.max(1, x.length - 1)), percentile(sorted, 0.05), percentile(sorted, 0.95));
        }

        private static double percentile(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }

    /** Candidates 0 … n−1 with seeds {@code seed + i}. */
    public static PlanComparison run(PlanSimulation.Scenario s, int candidates, long seed) {
        double[] rWithout = new double[candidates];
        double[] rWith = new double[candidates];
        double[] gain = new double[candidates];
        double[] vWithout = new double[candidates];
        double[] vWith = new double[candidates];
        double[] early = new double[candidates];
        int better = 0;
        for (int i = 0; i < candidates; i++) {
            PlanSimulation.Outcome without = PlanSimulation.candidate(s, false, seed + i);
            PlanSimulation.Outcome with = PlanSimulation.candidate(s, true, seed + i);
            rWithout[i] = without.recallOnDay();
            rWith[i] = with.recallOnDay();
            gain[i] = rWith[i] - rWithout[i];
            vWithout[i] = without.reviews();
            vWith[i] = with.reviews();
            early[i] = with.earlyReviews();
            better += gain[i] > 0 ? 1 : 0;
        }
        return new PlanComparison(s, candidates, Spread.of(rWithout), Spread.of(rWith), Spread.of(gain), Spread.of(vWithout),
                Spread.of(vWith), Spread.of(early), (double) better / candidates);
    }

    /** The mean gain in units of its standard error: above 3 the spread leaves no doubt the plan helps on average. */
    public double gainInStandardErrors() {
        return recallGain.mean() / (recallGain.sd() / Math.sqrt(candidates));
    }
}
