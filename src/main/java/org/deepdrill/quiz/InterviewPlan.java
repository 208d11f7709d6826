package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Study towards an interview date. It only decides when cards are shown, never how a review
 * updates them: (a) enough new cards a day that every question can be seen on {@code times}
 * different days before the interview; (b) a card the schedule would next show after the
 * interview, and whose recall on the day would be below {@link #target()} or which was seen on
 * too few days, is shown early so that its last review falls within {@link #WINDOW_DAYS} days of
 * the interview.
 */
public final class InterviewPlan {
    /** The last review of a card brought forward lands at most this many days before the interview. */
    public static final int WINDOW_DAYS = 3;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private final Fsrs fsrs;
    private final Interview interview;
    private final int times;
    private final int leadDays;
    private final double target;

    /** A card shown before its due date: from which day, its due day, recall on the interview day and days of study so far. */
    public record Early(LocalDate from, LocalDate due, double recall, double target, int daysSeen, int times) {
        /** Why, in words: "Early: due Wed 25 Mar, after your interview; recall on the day would be 85% (target 95%)". */
        public String reason() {
            String why = "Early: due " + DAY.format(due) + ", after your interview";
            return why + (recall < target ? String.format(Locale.ROOT, "; recall on the day would be %.0f%% (target %.0f%%)", 100 * recall, 100 * target)
                    : "; seen on " + daysSeen + " day" + (daysSeen == 1 ? "" : "s") + ", the plan shows each question " + times + " times");
        }
    }

    public InterviewPlan(Fsrs fsrs, Interview interview, int times) {
        this(fsrs, interview, times, 1 - (1 - fsrs.parameters().desiredRetention()) / 2);
    }

    /** A plan with another recall target on the day (the simulation compares targets). */
    public InterviewPlan(Fsrs fsrs, Interview interview, int times, double target) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        this.fsrs = fsrs;
        this.interview = interview;
        this.times = times;
        this.target = target;
        this.leadDays = leadDays(fsrs, times);
    }

    public Interview interview() {
        return interview;
    }

    public int times() {
        return times;
    }

    /**
     * Recall the plan aims for on the day: half the forgetting the desired retention allows (95% for
     * 90%). The desired retention itself would bring almost nothing forward, since FSRS keeps every
     * card above it until the card is due.
     */
    public double target() {
        return target;
    }

    /** The plan works on the days before the interview. */
    public boolean active(Instant now) {
        return interview.daysLeft(now) >= 1;
    }

    /** Days from a card's first study to its {@code times}-th day of study if every grade is Good. */
    public int leadDays() {
        return leadDays;
    }

    static int leadDays(Fsrs fsrs, int times) {
        Instant t0 = Instant.EPOCH;
        CardState c = CardState.fresh("lead", t0);
        Instant t = t0;
        int seen = 1;
        while (seen < times) {
            c = fsrs.review(c, Rating.GOOD, t);
            if (Fsrs.wholeDays(t, c.due()) >= 1) {
                seen++;
            }
            t = c.due();
        }
        return (int) Fsrs.wholeDays(t0, t);
    }

    /**
     * New cards a day from today on so that {@code unseen} questions (counted at the start of today)
     * can each be seen {@code times} times before the interview; all of them if it is too late.
     */
    public int newPerDayNeeded(int unseen, Instant now) {
        long days = daysForNewCards(now);
        if (unseen == 0) {
            return 0;
        }
        return days < 1 ? unseen : (int) ((unseen + days - 1) / days);
    }

    /** Days from today on which a new card can still be seen {@code times} times before the interview (0 or less: none). */
    public long daysForNewCards(Instant now) {
        return interview.daysLeft(now) - leadDays;
    }

    /** Whether a studied card is brought forward, and from which day; {@code daysSeen} counts its days of study. */
    public Optional<Early> early(CardState c, int daysSeen, Instant now) {
        if (!active(now) || c.isNew() || c.phase() != CardState.Phase.REVIEW || c.isDue(now)) {
            return Optional.empty();
        }
        LocalDate due = LocalDate.ofInstant(c.due(), interview.zone());
        if (due.isBefore(interview.date())) {
            return Optional.empty(); // the schedule shows it before the interview anyway
        }
        double r = Forecast.retrievability(fsrs, c, interview.moment());
        boolean weak = r < target();
        if (!weak && daysSeen >= times) {
            return Optional.empty();
        }
        int k = Math.min(Math.max(fsrs.nextInterval(c.stability()), 1), WINDOW_DAYS);
        LocalDate from = interview.date().minusDays(k);
        if (!LocalDate.ofInstant(c.lastReview(), interview.zone()).isBefore(from)) {
            return Optional.empty(); // already reviewed within the window
        }
        return Optional.of(new Early(from, due, r, target(), daysSeen, times));
    }

    static String day(LocalDate d) {
        return DAY.format(d);
    }
}
