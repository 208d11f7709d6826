package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterviewPlanTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
    private final Interview interview = new Interview(LocalDate.of(2026, 3, 22), UTC);
    private final InterviewPlan plan = new InterviewPlan(fsrs, interview, 2);

    private static Instant at(String day) {
        return Instant.parse(day + "T09:00:00Z");
    }

    /** R(t, S) = (1 + F·t/S)^(−w20), F = 0.9^(−1/w20) − 1, written out here from the published formula. */
    private static double published(double days, double s) {
        double w20 = FsrsParameters.DEFAULT_WEIGHTS[20];
        double f = Math.pow(0.9, -1 / w20) - 1;
        return Math.pow(1 + f * days / s, -w20);
    }

    @Test
    void forecastOfAReplayedLogIsThePublishedRetrievability() throws Exception {
        String csv = "card,reviewed_at,rating\na,2026-03-01T08:00:00Z,3\na,2026-03-01T08:10:00Z,3\na,2026-03-03T19:30:00Z,3\n"
                + "b,2026-03-02T10:00:00Z,1\nb,2026-03-02T10:01:00Z,3\n";
        List<ReplayLog.Step> steps = ReplayLog.replay(new StringReader(csv), fsrs);
        Progress p = ReplayLog.progress(new StringReader(csv), fsrs);
        Map<Integer, List<String>> sections = new LinkedHashMap<>();
        sections.put(1, List.of("a", "c"));
        sections.put(2, List.of("b"));
        Forecast.Result r = Forecast.on(fsrs, p, sections, interview.date(), interview.moment());

        double sa = steps.get(2).stability();
        double sb = steps.get(4).stability();
        double ra = published(Duration.between(Instant.parse("2026-03-03T19:30:00Z"), Instant.parse("2026-03-22T09:00:00Z")).getSeconds() / 86400.0, sa);
        double rb = published(Duration.between(Instant.parse("2026-03-02T10:01:00Z"), Instant.parse("2026-03-22T09:00:00Z")).getSeconds() / 86400.0, sb);
        assertTrue(ra > 0.3 && ra < 0.99 && rb > 0.01 && rb < 0.99, ra + " " + rb);
        Map<String, Forecast.CardRecall> cards = new LinkedHashMap<>();
        r.cards().forEach(c -> cards.put(c.card(), c));
        assertEquals(ra, cards.get("a").retrievability(), 1e-12);
        assertEquals(sa, cards.get("a").stability(), 1e-12);
        assertEquals(rb, cards.get("b").retrievability(), 1e-12);
        assertEquals(ra / 2, r.sections().get(0).recall(), 1e-12, "c was never studied and counts 0");
        assertEquals(rb, r.sections().get(1).recall(), 1e-12);
        assertEquals((ra + rb) / 3, r.overall(), 1e-12);
        double[] curve = Forecast.ifStoppedNow(fsrs, p, List.of("a", "b", "c"), interview, at("2026-03-10"));
        assertEquals(13, curve.length, "now, then 12 mornings up to the day");
        assertEquals(r.overall(), curve[12], 1e-12);
        for (int i = 1; i < curve.length; i++) {
            assertTrue(curve[i] < curve[i - 1], "without reviews recall only falls");
        }
    }

    private Progress studied() {
        Map<String, CardState> cards = new LinkedHashMap<>();
        // due after the interview, but only 85% recall on the day: shown early from 19 March
        cards.put("weak", new CardState("weak", CardState.Phase.REVIEW, 0, 10, 5, at("2026-03-25"), at("2026-03-05")));
        cards.put("strong", new CardState("strong", CardState.Phase.REVIEW, 0, 100, 5, at("2026-06-13"), at("2026-03-05")));
        // recalled well on the day, but studied on one day only
        cards.put("once", new CardState("once", CardState.Phase.REVIEW, 0, 60, 5, at("2026-05-05"), at("2026-03-06")));
        List<Review> log = new ArrayList<>();
        for (String id : List.of("weak", "strong")) {
            log.add(new Review(id, at("2026-02-20"), Rating.GOOD, "self"));
            log.add(new Review(id, at("2026-03-05"), Rating.GOOD, "self"));
        }
        log.add(new Review("once", at("2026-03-06"), Rating.EASY, "self"));
        return new Progress(cards, log);
    }

    @Test
    void aCardDueAfterTheInterviewAndWeakOnTheDayComesEarlyAndSaysWhy() {
        Progress p = studied();
        List<String> ids = List.of("weak", "strong", "once");
        assertEquals(List.of(), StudyQueue.today(ids, p, at("2026-03-18"), 10, UTC, plan).entries(), "not yet: outside the window");
        StudyQueue.Today day = StudyQueue.today(ids, p, at("2026-03-19"), 10, UTC, plan);
        assertEquals(List.of("weak", "once"), day.ids());
        StudyQueue.Entry weak = day.entries().get(0);
        assertEquals(StudyQueue.Kind.EARLY, weak.kind());
        double r = published(17, 10);
        assertEquals(String.format(java.util.Locale.ROOT, "Early: due Wed 25 Mar, after your interview; recall on the day would be %.0f%% (target 95%%)", 100 * r), weak.why());
        assertTrue(day.entries().get(1).why().contains("seen on 1 day, the plan shows each question 2 times"), day.entries().get(1).why());
        assertEquals(List.of(), StudyQueue.build(ids, p, at("2026-03-19"), 10, UTC), "without a plan nothing is due");

        // the plan changes when, never how: the grade is the scheduler's own
        CardState before = p.cards().get("weak");
        Instant t = at("2026-03-19");
        CardState after = p.grade(fsrs, "weak", Rating.GOOD, t, "self");
        CardState expected = fsrs.review(before, Rating.GOOD, t);
        assertEquals(expected, after);
        assertEquals(List.of("once"), StudyQueue.today(ids, p, t.plusSeconds(60), 10, UTC, plan).ids(), "reviewed inside the window: done");
        assertEquals(List.of(), StudyQueue.today(ids, p, at("2026-03-22"), 10, UTC, plan).ids(), "nothing is planned on the day itself");
    }

    @Test
    void newCardsPerDayRiseSoThatEveryQuestionIsSeenTwice() {
        assertEquals(0, InterviewPlan.leadDays(fsrs, 1));
        assertEquals(2, InterviewPlan.leadDays(fsrs, 2), "Good, Good on a new card: next seen 2 days later");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            ids.add("q" + i);
        }
        Instant now = at("2026-03-01"); // 21 days before the interview
        assertEquals(3, plan.newPerDayNeeded(45, now), "45 questions over the 19 days that leave time for a second look");
        StudyQueue.Today slow = StudyQueue.today(ids, Progress.empty(), now, 2, UTC, plan);
        assertEquals(3, slow.newLimit());
        assertEquals(3, slow.ids().size());
        assertEquals("3 new cards a day instead of your 2, so that each of the 45 questions not yet seen comes up 2 times before your interview on Sun 22 Mar.", slow.note());
        StudyQueue.Today usual = StudyQueue.today(ids, Progress.empty(), now, 10, UTC, plan);
        assertEquals(10, usual.ids().size());
        assertEquals("", usual.note());

        Progress p = Progress.empty();
        p.grade(fsrs, "q1", Rating.GOOD, now, "self");
        assertEquals(2, StudyQueue.today(ids, p, now.plusSeconds(60), 2, UTC, plan).entries().stream()
                .filter(e -> e.kind() == StudyQueue.Kind.NEW).count(), "one of today's 3 is done; the count starts from the morning");

        StudyQueue.Today last = StudyQueue.today(ids, Progress.empty(), at("2026-03-19"), 2, UTC, plan);
        assertEquals(45, last.ids().size());
        assertTrue(last.note().endsWith("today is the last day that leaves time to see each 2 times before your interview on Sun 22 Mar."), last.note());
        StudyQueue.Today late = StudyQueue.today(ids, Progress.empty(), at("2026-03-20"), 2, UTC, plan);
        assertEquals(45, late.ids().size());
        assertEquals("All 45 questions not yet seen are in today's queue (your limit is 2 new a day): too close to your interview on Sun 22 Mar to see each 2 times.", late.note());
    }

    @Test
    void thePlanIsIdleOnAndAfterTheDay() {
        Progress p = studied();
        assertTrue(!plan.active(at("2026-03-22")));
        assertTrue(plan.early(p.cards().get("weak"), 2, at("2026-03-23")).isEmpty());
        assertEquals("in 3 days", interview.countdown(at("2026-03-19")));
        assertEquals("tomorrow", interview.countdown(at("2026-03-21")));
        assertEquals("today", interview.countdown(Instant.parse("2026-03-22T20:00:00Z")));
        assertEquals("2 days ago", interview.countdown(at("2026-03-24")));
    }
}
