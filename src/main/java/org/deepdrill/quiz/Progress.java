package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A learner's history: the scheduler state of every card ever studied and the review log. Cards
 * whose question left the content keep their state and log; nothing here is ever deleted. It also
 * holds the optional interview date the plan works towards.
 */
public final class Progress {
    public static final int VERSION = 1;

    private final Map<String, CardState> cards;
    private final List<Review> log;
    private LocalDate interviewDate;

    public Progress(Map<String, CardState> cards, List<Review> log) {
        this.cards = new LinkedHashMap<>(cards);
        this.log = new ArrayList<>(log);
    }

    public static Progress empty() {
        return new Progress(Map.of(), List.of());
    }

    public Map<String, CardState> cards() {
        return Collections.unmodifiableMap(cards);
    }

    public List<Review> log() {
        return Collections.unmodifiableList(log);
    }

    public Optional<LocalDate> interviewDate() {
        return Optional.ofNullable(interviewDate);
    }

    /** Sets or (with null) clears the interview date. */
    public void setInterviewDate(LocalDate date) {
        this.interviewDate = date;
    }

    public CardState card(String id, Instant now) {
        return cards.getOrDefault(id, CardState.fresh(id, now));
    }

    /** Grades a card: updates its state with the scheduler and appends to the log. */
    public CardState grade(Fsrs fsrs, String id, Rating rating, Instant now, String source) {
        CardState next = fsrs.review(card(id, now), rating, now);
        cards.put(id, next);
        log.add(new Review(id, now, rating, source));
        return next;
    }
}
