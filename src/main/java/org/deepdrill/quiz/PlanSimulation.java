package org.deepdrill.quiz;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A simulated candidate who studies the daily queue with or without the interview plan. Their
 * memory is FSRS's own model: a card is recalled with probability R(t, S) of its current state; a
 * recalled card is graded Hard, Good or Easy and a forgotten one Again, with the button shares of
 * the FSRS optimizer's simulator (first sight: 24% Again, 9.4% Hard, 49.5% Good, 17.1% Easy; when
 * recalled: 22.4% Hard, 63.1% Good, 14.5% Easy). Each day's session starts at 9:00 and a review
 * takes a minute; learning steps come back within the session. Some days may be skipped.
 */
public final class PlanSimulation {
    private static final double[] FIRST = {0.24, 0.094, 0.495, 0.171};
    private static final double[] PASSED = {0.224, 0.631, 0.145};
    private static final Duration SESSION = Duration.ofHours(3);

    /**
     * What the candidate studies and how: {@code skipChance} is the chance of missing a day;
     * {@code planTarget} is the plan's recall target on the day (NaN: the plan's own).
     */
    public record Scenario(int questions, int days, int newPerDay, int times, double retention, double skipChance,
                           double planTarget) {
        public Scenario(int questions, int days, int newPerDay, int times, double retention, double skipChance) {
            this(questions, days, newPerDay, times, retention, skipChance, Double.NaN);
        }
    }

    /** One candidate's result: expected recall on the day, reviews made (early ones too), questions never seen, and the recall curve. */
    public record Outcome(double recallOnDay, int reviews, int earlyReviews, int unseenOnDay, double[] curve) {
    }

    private PlanSimulation() {
    }

    /** One candidate of the scenario, from scratch, starting 9:00 UTC on 5 January 2026. */
    public static Outcome candidate(Scenario s, boolean withPlan, long seed) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= s.questions(); i++) {
            ids.add(String.format("q%02d", i));
        }
        Instant start = Instant.parse("2026-01-05T09:00:00Z");
        ZoneId utc = ZoneId.of("UTC"); // a region id: its rules are cached, a ZoneOffset's are rebuilt on every use
        Interview interview = new Interview(LocalDate.ofInstant(start, utc).plusDays(s.days()), utc);
        Fsrs fsrs = new Fsrs(FsrsParameters.defaults().withRetention(s.retention()), new Random(seed));
        InterviewPlan plan = !withPlan ? null : Double.isNaN(s.planTarget()) ? new InterviewPlan(fsrs, interview, s.times())
                : new InterviewPlan(fsrs, interview, s.times(), s.planTarget());
        return run(fsrs, Progress.empty(), ids, interview, start, s.newPerDay(), plan, s.skipChance(), new Random(seed));
    }

    /**
     * Studies from {@code now} to the interview, starting from a copy of {@code start}; {@code plan}
     * null means without the plan. The curve has one point per entry of {@link Forecast#days}.
     */
    public static Outcome run(Fsrs fsrs, Progress start, List<String> ids, Interview interview, Instant now, int newPerDay,
                              InterviewPlan plan, double skipChance, Random rnd) {
        Progress p = new Progress(start.cards(), start.log());
        ZoneId zone = interview.zone();
        List<Instant> points = Forecast.days(interview, now);
        boolean[] skip = new boolean[points.size()];
        for (int i = 0; i < skip.length; i++) {
            skip[i] = rnd.nextDouble() < skipChance;
        }
        double[] curve = new double[points.size()];
        int[] counts = new int[2];
        for (int i = 0; i < points.size(); i++) {
            curve[i] = Forecast.recall(fsrs, p, ids, points.get(i));
            if (i < points.size() - 1 && !skip[i]) {
                session(fsrs, p, ids, points.get(i), zone, newPerDay, plan, rnd, counts);
            }
        }
        Instant day = interview.moment();
        int unseen = (int) ids.stream().filter(id -> p.cards().get(id) == null).count();
        return new Outcome(Forecast.recall(fsrs, p, ids, day), counts[0], counts[1], unseen, curve);
    }

    /** Mean recall curve over {@code runs} simulated futures in which the learner follows the plan from now. */
    public static double[] planCurve(Fsrs fsrs, Progress start, List<String> ids, InterviewPlan plan, Instant now,
                                     int newPerDay, int runs, long seed) {
        Random rnd = new Random(seed);
        double[] sum = null;
        for (int r = 0; r < runs; r++) {
            double[] c = run(fsrs, start, ids, plan.interview(), now, newPerDay, plan, 0, rnd).curve();
            if (sum == null) {
                sum = new double[c.length];
            }
            for (int i = 0; i < c.length; i++) {
                sum[i] += c[i] / runs;
            }
        }
        return sum;
    }

    private static void session(Fsrs fsrs, Progress p, List<String> ids, Instant start, ZoneId zone, int newPerDay,
                                InterviewPlan plan, Random rnd, int[] counts) {
        Instant t = start;
        Instant end = start.plus(SESSION);
        LocalDate day = LocalDate.ofInstant(start, zone);
        while (true) {
            List<StudyQueue.Entry> queue = StudyQueue.today(ids, p, t, newPerDay, zone, plan).entries();
            for (StudyQueue.Entry e : queue) { // as in the app: go through the queue, then build it again
                p.grade(fsrs, e.id(), grade(fsrs, p.card(e.id(), t), t, rnd), t, "sim");
                counts[0]++;
                counts[1] += e.kind() == StudyQueue.Kind.EARLY ? 1 : 0;
                t = t.plusSeconds(60);
            }
            if (!queue.isEmpty()) {
                continue;
            }
            Instant now = t;
            Instant next = p.cards().values().stream().filter(c -> c.phase() != CardState.Phase.REVIEW)
                    .map(CardState::due).filter(d -> d.isAfter(now) && d.isBefore(end)).min(Instant::compareTo).orElse(null);
            if (next == null || !LocalDate.ofInstant(next, zone).equals(day)) {
                return;
            }
            t = next;
        }
    }

    /** The candidate's grade: first sight from the first-rating shares, later recall with probability R. */
    static Rating grade(Fsrs fsrs, CardState c, Instant now, Random rnd) {
        if (c.isNew()) {
            return Rating.of(1 + pick(FIRST, rnd));
        }
        if (rnd.nextDouble() >= Forecast.retrievability(fsrs, c, now)) {
            return Rating.AGAIN;
        }
        return Rating.of(2 + pick(PASSED, rnd));
    }

    private static int pick(double[] shares, Random rnd) {
        double u = rnd.nextDouble() * Arrays.stream(shares).sum();
        int i = 0;
        while (i < shares.length - 1 && u >= shares[i]) {
            u -= shares[i++];
        }
        return i;
    }
}
