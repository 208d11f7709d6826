package org.deepdrill.quiz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays a review log ({@code card,reviewed_at,rating}, ISO-8601 instants, ratings 1–4, in time
 * order per card) through the scheduler and reports each card's state after each review.
 */
public final class ReplayLog {
    /** A card's state right after one logged review. */
    public record Step(String card, Instant reviewedAt, int rating, double stability, double difficulty, Instant due) {
    }

    private ReplayLog() {
    }

    /** Parses and replays; a malformed line throws IllegalArgumentException naming the line. */
    public static List<Step> replay(Reader in, Fsrs fsrs) throws IOException {
        List<Step> out = new ArrayList<>();
        replay(in, fsrs, out, new java.util.LinkedHashMap<>(), new ArrayList<>());
        return out;
    }

    /** Replays the log into a progress: every card's final state and the log itself (source "replay"). */
    public static Progress progress(Reader in, Fsrs fsrs) throws IOException {
        Map<String, CardState> cards = new java.util.LinkedHashMap<>();
        List<Review> log = new ArrayList<>();
        replay(in, fsrs, new ArrayList<>(), cards, log);
        return new Progress(cards, log);
    }

    private static void replay(Reader in, Fsrs fsrs, List<Step> out, Map<String, CardState> cards, List<Review> log) throws IOException {
        BufferedReader r = new BufferedReader(in);
        String header = r.readLine();
        if (header == null || !header.strip().replace(" ", "").equalsIgnoreCase("card,reviewed_at,rating")) {
            throw new IllegalArgumentException("line 1: the header must be card,reviewed_at,rating, got '" + header + "'");
        }
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("line " + n + ": expected 3 columns, got " + f.length);
            }
            String card = f[0].strip();
            Instant at;
            int rating;
            try {
                at = Instant.parse(f[1].strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + n + ": reviewed_at '" + f[1].strip() + "' is not an ISO-8601 instant such as 2026-01-31T09:00:00Z");
            }
            try {
                rating = Integer.parseInt(f[2].strip());
                Rating.of(rating);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": rating must be 1, 2, 3 or 4, got '" + f[2].strip() + "'");
            }
            if (card.isEmpty()) {
                throw new IllegalArgumentException("line " + n + ": empty card id");
            }
            CardState before = cards.getOrDefault(card, CardState.fresh(card, at));
            if (before.lastReview() != null && at.isBefore(before.lastReview())) {
                throw new IllegalArgumentException("line " + n + ": reviews of card " + card + " are not in time order");
            }
            CardState after = fsrs.review(before, Rating.of(rating), at);
            cards.put(card, after);
            log.add(new Review(card, at, Rating.of(rating), "replay"));
            out.add(new Step(card, at, rating, after.stability(), after.difficulty(), after.due()));
        }
    }
}
