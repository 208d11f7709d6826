package org.deepdrill.quiz;

import java.time.Instant;

/** One entry of the append-only review log. {@code source} says how it was graded: self, check or mock. */
public record Review(String card, Instant reviewedAt, Rating rating, String source) {
    public Review {
        if (card == null || card.isBlank()) {
            throw new IllegalArgumentException("review without a card id");
        }
        source = source == null ? "self" : source;
    }
}
