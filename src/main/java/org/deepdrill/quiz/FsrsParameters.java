package org.deepdrill.quiz;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the FSRS-6 scheduler: the 21 weights, the desired retention, same-day learning
 * steps, the longest interval and whether intervals are fuzzed.
 */
public record FsrsParameters(double[] w, double desiredRetention, List<Duration> learningSteps,
                             List<Duration> relearningSteps, int maximumInterval, boolean fuzz) {

    /** The FSRS-6 defaults used by fsrs-rs ≥ 6, py-fsrs ≥ 6.2 and ts-fsrs 5. */
    public static final double[] DEFAULT_WEIGHTS = {
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

    public FsrsParameters {
        if (w.length != 21) {
            throw new IllegalArgumentException("FSRS-6 needs 21 weights, got " + w.length);
        }
        if (!(desiredRetention > 0.5 && desiredRetention < 1)) {
            throw new IllegalArgumentException("desired retention must be between 0.5 and 1, got " + desiredRetention);
        }
        if (maximumInterval < 1) {
            throw new IllegalArgumentException("maximum interval must be at least 1 day");
        }
        w = w.clone();
        learningSteps = List.copyOf(learningSteps);
        relearningSteps = List.copyOf(relearningSteps);
    }

    public static FsrsParameters defaults() {
        return new FsrsParameters(DEFAULT_WEIGHTS, 0.9, List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)),
                List.of(Duration.ofMinutes(10)), 36500, false);
    }

    public FsrsParameters withRetention(double r) {
        return new FsrsParameters(w, r, learningSteps, relearningSteps, maximumInterval, fuzz);
    }

    public FsrsParameters withFuzz(boolean on) {
        return new FsrsParameters(w, desiredRetention, learningSteps, relearningSteps, maximumInterval, on);
    }

    public FsrsParameters withSteps(List<Duration> learning, List<Duration> relearning) {
        return new FsrsParameters(w, desiredRetention, learning, relearning, maximumInterval, fuzz);
    }
}
