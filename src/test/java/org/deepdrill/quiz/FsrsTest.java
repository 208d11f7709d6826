package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the FSRS-6 formulas at points worked out by hand from the published equations. */
class FsrsTest {
    private final Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
    private final double[] w = FsrsParameters.DEFAULT_WEIGHTS;

    @Test
    void retrievabilityIsNinetyPercentAfterStabilityDays() {
        assertEquals(0.9, fsrs.retrievability(10, 10), 1e-12);
        assertEquals(1.0, fsrs.retrievability(0, 10), 1e-12);
        double f = Math.pow(0.9, -1 / w[20]) - 1;
        assertEquals(Math.pow(1 + f * 30 / 10, -w[20]), fsrs.retrievability(30, 10), 1e-12);
    }

    @Test
    void intervalEqualsStabilityAtNinetyPercentRetention() {
        assertEquals(10, fsrs.nextInterval(10));
        assertEquals(1, fsrs.nextInterval(0.2), "at least one day");
        assertEquals(36500, fsrs.nextInterval(1e9), "capped at the maximum");
        Fsrs r95 = new Fsrs(FsrsParameters.defaults().withRetention(0.95));
        assertTrue(r95.nextInterval(100) < 100, "higher retention, shorter interval");
    }

    @Test
    void initialStateForEachRating() {
        for (Rating g : Rating.values()) {
            assertEquals(w[g.value() - 1], fsrs.initialStability(g), 1e-12);
        }
        assertEquals(w[4] - Math.exp(w[5] * 2) + 1, fsrs.initialDifficulty(Rating.GOOD, true), 1e-12);
        assertEquals(1.0, fsrs.initialDifficulty(Rating.EASY, true), 1e-12, "D0(Easy) is below 1 and clamps");
        assertEquals(w[4], fsrs.initialDifficulty(Rating.AGAIN, true), 1e-12);
    }

    @Test
    void difficultyMovesWithTheGradeAndRevertsToTheMean() {
        double d = 5;
        double easyUnclamped = w[4] - Math.exp(w[5] * 3) + 1;
        double expectedAgain = w[7] * easyUnclamped + (1 - w[7]) * (d + (10 - d) * (2 * w[6]) / 9);
        assertEquals(expectedAgain, fsrs.nextDifficulty(d, Rating.AGAIN), 1e-12);
        assertTrue(fsrs.nextDifficulty(d, Rating.AGAIN) > d);
        assertTrue(fsrs.nextDifficulty(d, Rating.EASY) < d);
        assertEquals(w[7] * easyUnclamped + (1 - w[7]) * 10, fsrs.nextDifficulty(10, Rating.AGAIN), 1e-12,
                "damping stops at 10, mean reversion pulls slightly below");
        assertEquals(1.0, fsrs.nextDifficulty(1, Rating.EASY), 1e-12, "clamped at 1");
    }

    @Test
    void stabilityUpdatesFollowTheFormulas() {
        double d = 5;
        double s = 10;
        double r = fsrs.retrievability(10, s);
        double recall = s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1));
        assertEquals(recall, fsrs.recallStability(d, s, r, Rating.GOOD), 1e-9);
        assertEquals(s + (recall - s) * w[15], fsrs.recallStability(d, s, r, Rating.HARD), 1e-9);
        assertEquals(s + (recall - s) * w[16], fsrs.recallStability(d, s, r, Rating.EASY), 1e-9);
        double forget = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
        assertEquals(Math.min(forget, s / Math.exp(w[17] * w[18])), fsrs.forgetStability(d, s, r), 1e-9);
        assertTrue(fsrs.forgetStability(d, s, r) < s, "forgetting lowers stability");
        assertEquals(s * Math.max(1, Math.exp(w[17] * w[18]) * Math.pow(s, -w[19])), fsrs.shortTermStability(s, Rating.GOOD), 1e-9);
    }

    @Test
    void intervalHistoryMatchesThePublishedPyFsrsSequence() {
        // The ratings of py-fsrs's test_review_card, fuzz off, current default weights. With the mean
        // reversion towards the unclamped D0(Easy), as the current py-fsrs scheduler and fsrs-rs compute it,
        // the stabilities are 2.31, 2.31, 10.97, 46.32, 163.00, 497.88 (rounds to 498), ... 20.77 (21).
        // Older py-fsrs snapshots that clamp D0(Easy) to 1 there give 497 and 20 instead.
        Rating[] ratings = {Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD,
                Rating.AGAIN, Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD};
        CardState card = CardState.fresh("c", Instant.parse("2022-11-29T12:30:00Z"));
        Instant now = card.due();
        List<Long> ivl = new ArrayList<>();
        for (Rating g : ratings) {
            card = fsrs.review(card, g, now);
            ivl.add(Fsrs.wholeDays(card.lastReview(), card.due()));
            now = card.due();
        }
        assertEquals(List.of(0L, 2L, 11L, 46L, 163L, 498L, 0L, 0L, 2L, 4L, 7L, 12L, 21L), ivl);
    }

    @Test
    void learningStepsAreOneAndTenMinutes() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        CardState c = CardState.fresh("c", t);
        assertEquals(Duration.ofMinutes(1), Duration.between(t, fsrs.review(c, Rating.AGAIN, t).due()));
        assertEquals(Duration.ofSeconds(330), Duration.between(t, fsrs.review(c, Rating.HARD, t).due()));
        CardState good = fsrs.review(c, Rating.GOOD, t);
        assertEquals(Duration.ofMinutes(10), Duration.between(t, good.due()));
        assertEquals(CardState.Phase.LEARNING, good.phase());
        CardState easy = fsrs.review(c, Rating.EASY, t);
        assertEquals(CardState.Phase.REVIEW, easy.phase());
        assertEquals(fsrs.nextInterval(w[3]), Fsrs.wholeDays(t, easy.due()));
        CardState again = fsrs.review(fsrs.review(good, Rating.GOOD, good.due()), Rating.AGAIN,
                fsrs.review(good, Rating.GOOD, good.due()).due());
        assertEquals(CardState.Phase.RELEARNING, again.phase());
        assertEquals(Duration.ofMinutes(10), Duration.between(again.lastReview(), again.due()));
    }

    @Test
    void fuzzStaysInItsRangeAndIsOffByDefault() {
        Fsrs fuzzy = new Fsrs(FsrsParameters.defaults().withFuzz(true), new Random(1));
        for (int i = 0; i < 200; i++) {
            int f = fuzzy.fuzz(30);
            assertTrue(f >= 27 && f <= 33, "30 days fuzzes within ±3.05, got " + f);
        }
        assertEquals(2, fuzzy.fuzz(2));
        assertTrue(!FsrsParameters.defaults().fuzz());
    }

    @Test
    void passingIntervalsAreStrictlyOrderedEvenWhenGoodAndEasyRoundToTheSameDay() {
        // S = 1.6, D = 10, reviewed 2 days later: Good gives S ≈ 2.53 and Easy S ≈ 3.34, both 3 days unordered.
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        CardState c = new CardState("c", CardState.Phase.REVIEW, 0, 1.6, 10, t0.plus(Duration.ofDays(2)), t0);
        Instant now = t0.plus(Duration.ofDays(2));
        assertEquals(3.34, fsrs.nextStability(c, Rating.EASY, now), 0.01);
        assertEquals(3, fsrs.nextInterval(fsrs.nextStability(c, Rating.GOOD, now)));
        assertEquals(3, fsrs.nextInterval(fsrs.nextStability(c, Rating.EASY, now)), "the case the order fixes");
        int hard = fsrs.nextInterval(fsrs.nextStability(c, Rating.HARD, now));
        assertEquals(2, hard);
        assertEquals(List.of(2L, 3L, 4L), List.of(Rating.HARD, Rating.GOOD, Rating.EASY).stream()
                .map(g -> Fsrs.wholeDays(now, fsrs.review(c, g, now).due())).toList());
        assertEquals(fsrs.nextStability(c, Rating.EASY, now), fsrs.review(c, Rating.EASY, now).stability(), 1e-12,
                "only the interval moves; the memory state is the formula's");
    }

    @Test
    void passingIntervalsAreOrderedAcrossStatesWithAndWithoutFuzz() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Fsrs fuzzy = new Fsrs(FsrsParameters.defaults().withFuzz(true), new Random(3));
        for (double s : new double[] {0.1, 0.5, 1, 1.6, 2.3, 3.35, 5, 10, 40, 300}) {
            for (int d = 1; d <= 10; d++) {
                for (int el : new int[] {0, 1, 2, 5, 20}) {
                    CardState c = new CardState("c", CardState.Phase.REVIEW, 0, s, d, t0, t0);
                    Instant now = t0.plus(Duration.ofDays(el));
                    for (Fsrs f : List.of(fsrs, fuzzy)) {
                        int[] i = f.passingIntervals(c, now);
                        String where = "S " + s + " D " + d + " after " + el + " d: " + java.util.Arrays.toString(i);
                        assertTrue(i[0] >= 1 && i[1] >= i[0] + 1 && i[2] >= i[1] + 1, where);
                    }
                }
            }
        }
    }

    @Test
    void withFuzzThePreviewedIntervalsAreTheOnesAGradeGivesAndStayOrdered() {
        Fsrs fuzzy = new Fsrs(FsrsParameters.defaults().withFuzz(true), new Random(7));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        java.util.Set<Long> goods = new java.util.HashSet<>();
        for (int k = 0; k < 50; k++) {
            CardState c = new CardState("card" + k, CardState.Phase.REVIEW, 0, 20, 5, t0, t0);
            Instant now = t0.plus(Duration.ofDays(20));
            long[] days = List.of(Rating.HARD, Rating.GOOD, Rating.EASY).stream()
                    .mapToLong(g -> Fsrs.wholeDays(now, fuzzy.review(c, g, now).due())).toArray();
            assertTrue(days[0] < days[1] && days[1] < days[2], java.util.Arrays.toString(days));
            assertEquals(days[1], Fsrs.wholeDays(now, fuzzy.review(c, Rating.GOOD, now).due()), "same state, same fuzz");
            goods.add(days[1]);
        }
        assertTrue(goods.size() > 3, "the fuzz still spreads cards: " + goods);
    }

    @Test
    void stabilityIsCappedAtTheMaximumInterval() {
        Instant t0 = Instant.parse("2000-01-01T00:00:00Z");
        CardState c = new CardState("c", CardState.Phase.REVIEW, 0, 30_000, 1, t0, t0);
        Instant now = t0.plus(Duration.ofDays(30_000));
        double raw = fsrs.recallStability(1, 30_000, fsrs.retrievability(30_000, 30_000), Rating.EASY);
        assertTrue(raw > 36_500, "the formula alone would pass the cap: " + raw);
        CardState next = fsrs.review(c, Rating.EASY, now);
        assertEquals(36_500, next.stability(), 1e-9);
        assertEquals(36_500, Fsrs.wholeDays(now, next.due()), "and so is the interval");
        assertEquals(36_500, fsrs.nextStability(c, Rating.GOOD, now), 1e-9);
        assertTrue(fsrs.review(c, Rating.AGAIN, now).stability() < 36_500, "a lapse still lowers it");
    }
}
