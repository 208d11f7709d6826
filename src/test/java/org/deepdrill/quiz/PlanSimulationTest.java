package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanSimulationTest {
    /** 45 questions, 21 days, the default settings, one day in ten missed. */
    static final PlanSimulation.Scenario DEFAULTS = new PlanSimulation.Scenario(45, 21, 10, 2, 0.9, 0.1);

    @Test
    void theCandidateRecallsWithTheProbabilityFsrsPredicts() {
        Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
        Instant last = Instant.parse("2026-01-01T09:00:00Z");
        CardState c = new CardState("c", CardState.Phase.REVIEW, 0, 5, 5, last.plusSeconds(5 * 86_400L), last);
        Instant now = last.plusSeconds(20 * 86_400L);
        double r = fsrs.retrievability(20, 5);
        Random rnd = new Random(11);
        int n = 40_000;
        int recalled = 0;
        for (int i = 0; i < n; i++) {
            recalled += PlanSimulation.grade(fsrs, c, now, rnd) == Rating.AGAIN ? 0 : 1;
        }
        assertEquals(r, (double) recalled / n, 4 * Math.sqrt(r * (1 - r) / n), "R = " + r);
    }

    @Test
    void thePlanRaisesRecallOnTheDayByMoreThanTheSpread() {
        PlanComparison c = PlanComparison.run(DEFAULTS, 60, 1000);
        assertTrue(c.gainInStandardErrors() > 5, "gain " + c.recallGain() + " is " + c.gainInStandardErrors() + " standard errors");
        assertTrue(c.recallGain().p5() > 0, "even the 5th percentile of candidates gains: " + c.recallGain());
        assertTrue(c.shareBetter() >= 0.9, "share of candidates better with the plan: " + c.shareBetter());
        assertTrue(c.recallWith().mean() > 0.95, "with the plan the expected recall reaches its 95% target: " + c.recallWith());
        assertTrue(c.reviewsWith().mean() > c.reviewsWithout().mean(), "the early reviews cost something");
        assertTrue(c.reviewsWith().mean() < 1.2 * c.reviewsWithout().mean(), "but less than a fifth more: " + c.reviewsWith() + " vs " + c.reviewsWithout());
        assertTrue(c.earlyReviews().mean() > 5, "the gain comes from reviews brought forward: " + c.earlyReviews());
    }

    @Test
    void aLowNewCardLimitLeavesQuestionsUnseenWithoutThePlan() {
        PlanSimulation.Scenario slow = new PlanSimulation.Scenario(45, 21, 2, 2, 0.9, 0);
        PlanSimulation.Outcome without = PlanSimulation.candidate(slow, false, 3);
        PlanSimulation.Outcome with = PlanSimulation.candidate(slow, true, 3);
        assertEquals(3, without.unseenOnDay(), "2 a day for 21 days reaches 42 of 45");
        assertEquals(0, with.unseenOnDay());
        assertTrue(with.recallOnDay() > without.recallOnDay() + 0.05, with.recallOnDay() + " vs " + without.recallOnDay());
        assertEquals(0, without.earlyReviews());
    }

    @Test
    void aCandidateIsReproducibleFromItsSeed() {
        PlanSimulation.Outcome a = PlanSimulation.candidate(DEFAULTS, true, 42);
        PlanSimulation.Outcome b = PlanSimulation.candidate(DEFAULTS, true, 42);
        assertEquals(a.recallOnDay(), b.recallOnDay());
        assertEquals(a.reviews(), b.reviews());
        assertEquals(22, a.curve().length, "now, then each morning up to day 21");
    }
}
