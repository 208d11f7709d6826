package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Figures for the stats view, all computed from the cards and the review log. */
public final class Stats {
    private Stats() {
    }

    /** Cards due on each of the next {@code days} days, today first (overdue cards count as today). */
    public static int[] dueByDay(Progress p, Instant now, int days, ZoneId zone) {
        int[] out = new int[days];
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (CardState c : p.cards().values()) {
            if (c.isNew()) {
                continue;
            }
            long d = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(today, LocalDate.ofInstant(c.due(), zone)));
            if (d < days) {
                out[(int) d]++;
            }
        }
        return out;
    }

    /**
     * True retention: of the reviews made at least a day after the card's previous review, the share
     * not graded Again. Same-day learning steps are left out, as Anki does.
     */
    public static double trueRetention(Progress p) {
        Map<String, Instant> last = new HashMap<>();
        int n = 0;
        int passed = 0;
        for (Review r : p.log()) {
            Instant prev = last.put(r.card(), r.reviewedAt());
            if (prev != null && Fsrs.wholeDays(prev, r.reviewedAt()) >= 1) {
                n++;
                passed += r.rating() == Rating.AGAIN ? 0 : 1;
            }
        }
        return n == 0 ? Double.NaN : (double) passed / n;
    }

    /** Reviews per calendar day, for the heatmap. */
    public static Map<LocalDate, Integer> reviewsByDay(Progress p, ZoneId zone) {
        Map<LocalDate, Integer> out = new TreeMap<>();
        for (Review r : p.log()) {
            out.merge(LocalDate.ofInstant(r.reviewedAt(), zone), 1, Integer::sum);
        }
        return out;
    }

    /**
     * Mastery of a set of cards in [0, 1]: the mean predicted recall in 30 days, with unseen cards at 0.
     */
    public static double mastery(Fsrs fsrs, Progress p, List<String> cardIds, Instant now) {
        if (cardIds.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (String id : cardIds) {
            CardState c = p.cards().get(id);
            if (c != null && !c.isNew()) {
                double elapsed = Math.max(0, (now.getEpochSecond() - c.lastReview().getEpochSecond()) / 86400.0) + 30;
                sum += fsrs.retrievability(elapsed, c.stability());
            }
        }
        return sum / cardIds.size();
    }
}
