package org.deepdrill.quiz;

import java.time.Instant;

/**
 * The scheduler's memory of one card. A new card has no stability or difficulty (NaN) and sits in
 * the first learning step. {@code step} is meaningful only while learning or relearning.
 */
public record CardState(String cardId, Phase phase, int step, double stability, double difficulty,
                        Instant due, Instant lastReview) {

    public enum Phase { LEARNING, REVIEW, RELEARNING }

    public static CardState fresh(String cardId, Instant now) {
        return new CardState(cardId, Phase.LEARNING, 0, Double.NaN, Double.NaN, now, null);
    }

    public boolean isNew() {
        return lastReview == null;
    }

    public boolean isDue(Instant now) {
        return !due.isAfter(now);
    }
}
