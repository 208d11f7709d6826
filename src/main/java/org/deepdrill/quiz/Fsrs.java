package org.deepdrill.quiz;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The FSRS-6 scheduler. Memory is a stability S (days until recall drops to 90%) and a difficulty
 * D in [1, 10]; recall probability after t days is R = (1 + F·t/S)^(−w20) with F = 0.9^(−1/w20) − 1.
 * Reviews at least a day apart use the long-term formulas; same-day reviews use the short-term
 * stability update and the learning steps.
 */
public final class Fsrs {
    static final double STABILITY_MIN = 0.001;
    /** The largest stability, equal to the default maximum interval (as S_MAX in fsrs-rs and ts-fsrs). */
    public static final double STABILITY_MAX = 36_500;

    private final FsrsParameters p;
    private final double[] w;
    private final double decay;
    private final double factor;
    private final Random random;
    private final long salt;

    public Fsrs(FsrsParameters params) {
        this(params, new Random());
    }

    public Fsrs(FsrsParameters params, Random random) {
        this.p = params;
        this.w = params.w();
        this.decay = -w[20];
        this.factor = Math.pow(0.9, 1 / decay) - 1;
        this.random = random;
        this.salt = random.nextLong();
    }

    public FsrsParameters parameters() {
        return p;
    }

    // --- the formulas --------------------------------------------------------------------

    /** R(t, S): probability of recall t days after the last review. */
    public double retrievability(double elapsedDays, double stability) {
        return Math.pow(1 + factor * elapsedDays / stability, decay);
    }

    public double initialStability(Rating g) {
        return Math.max(w[g.value() - 1], STABILITY_MIN);
    }

    /** D0(G) = w4 − e^(w5·(G−1)) + 1, optionally clamped to [1, 10]. */
    public double initialDifficulty(Rating g, boolean clamp) {
        double d = w[4] - Math.exp(w[5] * (g.value() - 1)) + 1;
        return clamp ? clampD(d) : d;
    }

    /** Linear damping towards 10, then mean reversion towards the (unclamped) D0(Easy). */
    public double nextDifficulty(double d, Rating g) {
        double delta = -w[6] * (g.value() - 3);
        double damped = d + (10 - d) * delta / 9;
        return clampD(w[7] * initialDifficulty(Rating.EASY, false) + (1 - w[7]) * damped);
    }

    public double recallStability(double d, double s, double r, Rating g) {
        double hard = g == Rating.HARD ? w[15] : 1;
        double easy = g == Rating.EASY ? w[16] : 1;
        return s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1) * hard * easy);
    }

    public double forgetStability(double d, double s, double r) {
        double longTerm = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
        double shortTerm = s / Math.exp(w[17] * w[18]);
        return Math.min(longTerm, shortTerm);
    }

    /** Same-day update: S·e^(w17·(G−3+w18))·S^(−w19), never shrinking on Good or Easy. */
    public double shortTermStability(double s, Rating g) {
        double inc = Math.exp(w[17] * (g.value() - 3 + w[18])) * Math.pow(s, -w[19]);
        if (g == Rating.GOOD || g == Rating.EASY) {
            inc = Math.max(inc, 1);
        }
        return Math.max(s * inc, STABILITY_MIN);
    }

    /** Days until R falls to the desired retention, rounded half-to-even, in [1, maximum]. */
    public int nextInterval(double stability) {
        double days = stability / factor * (Math.pow(p.desiredRetention(), 1 / decay) - 1);
        long rounded = (long) Math.rint(days);
        return (int) Math.min(Math.max(rounded, 1), p.maximumInterval());
    }

    // --- a review --------------------------------------------------------------------------

    /** The card's state after grading it {@code g} at {@code now}. */
    public CardState review(CardState card, Rating g, Instant now) {
        double s = nextStability(card, g, now);
        double d = card.isNew() || Double.isNaN(card.stability()) ? initialDifficulty(g, true)
                : nextDifficulty(card.difficulty(), g);
        return switch (card.phase()) {
            case LEARNING -> steps(card, g, now, s, d, p.learningSteps(), CardState.Phase.LEARNING);
            case RELEARNING -> steps(card, g, now, s, d, p.relearningSteps(), CardState.Phase.RELEARNING);
            case REVIEW -> {
                if (g == Rating.AGAIN) {
                    yield p.relearningSteps().isEmpty() ? graduate(card, now, s, d)
                            : new CardState(card.cardId(), CardState.Phase.RELEARNING, 0, s, d, now.plus(p.relearningSteps().get(0)), now);
                }
                int days = passingIntervals(card, now)[g.value() - 2];
                yield new CardState(card.cardId(), CardState.Phase.REVIEW, 0, s, d, now.plus(Duration.ofDays(days)), now);
            }
        };
    }

    /** Stability after grading {@code g} at {@code now}, kept within [0.001, 36,500] days as the reference schedulers do. */
    public double nextStability(CardState card, Rating g, Instant now) {
        double s;
        if (card.isNew() || Double.isNaN(card.stability())) {
            s = initialStability(g);
        } else {
            long days = wholeDays(card.lastReview(), now);
            if (days < 1) {
                s = shortTermStability(card.stability(), g);
            } else {
                double r = retrievability(days, card.stability());
                s = g == Rating.AGAIN ? forgetStability(card.difficulty(), card.stability(), r)
                        : recallStability(card.difficulty(), card.stability(), r, g);
            }
        }
        return Math.min(Math.max(s, STABILITY_MIN), STABILITY_MAX);
    }

    /**
     * The days Hard, Good and Easy would give a review card, strictly increasing as in Anki:
     * Good is at least Hard + 1 and Easy at least Good + 1 (up to the maximum interval).
     */
    public int[] passingIntervals(CardState card, Instant now) {
        Random r = fuzzFor(card);
        int hard = interval(nextStability(card, Rating.HARD, now), r);
        int good = interval(nextStability(card, Rating.GOOD, now), r);
        int easy = interval(nextStability(card, Rating.EASY, now), r);
        int max = p.maximumInterval();
        hard = Math.min(hard, good);
        good = Math.min(Math.max(good, hard + 1), max);
        easy = Math.min(Math.max(easy, good + 1), max);
        return new int[] {hard, good, easy};
    }

    private int interval(double stability, Random r) {
        int days = nextInterval(stability);
        return p.fuzz() ? fuzz(days, r) : days;
    }

    /**
     * The fuzz of one review depends only on the card's state before it, so the intervals shown on
     * the grade buttons are the ones a grade then gives.
     */
    private Random fuzzFor(CardState card) {
        long last = card.lastReview() == null ? 0 : card.lastReview().getEpochSecond();
        return new Random(salt ^ card.cardId().hashCode() * 0x9E3779B97F4A7C15L ^ last);
    }

    private CardState steps(CardState card, Rating g, Instant now, double s, double d, List<Duration> steps,
                            CardState.Phase phase) {
        int step = card.step();
        if (steps.isEmpty() || (step >= steps.size() && g != Rating.AGAIN)) {
            return graduate(card, now, s, d);
        }
        return switch (g) {
            case AGAIN -> new CardState(card.cardId(), phase, 0, s, d, now.plus(steps.get(0)), now);
            case HARD -> {
                Duration wait = step == 0 && steps.size() == 1 ? scale(steps.get(0), 1.5)
                        : step == 0 ? steps.get(0).plus(steps.get(1)).dividedBy(2) : steps.get(step);
                yield new CardState(card.cardId(), phase, step, s, d, now.plus(wait), now);
            }
            case GOOD -> step + 1 >= steps.size() ? graduate(card, now, s, d)
                    : new CardState(card.cardId(), phase, step + 1, s, d, now.plus(steps.get(step + 1)), now);
            case EASY -> graduate(card, now, s, d);
        };
    }

    private CardState graduate(CardState card, Instant now, double s, double d) {
        int days = interval(s, fuzzFor(card));
        return new CardState(card.cardId(), CardState.Phase.REVIEW, 0, s, d, now.plus(Duration.ofDays(days)), now);
    }

    /** Spreads intervals of 3 days and more over a small range so that cards do not clump. */
    int fuzz(int days) {
        return fuzz(days, random);
    }

    private int fuzz(int days, Random random) {
        if (days < 2.5) {
            return days;
        }
        double delta = 1.0 + 0.15 * Math.max(Math.min(days, 7.0) - 2.5, 0) + 0.1 * Math.max(Math.min(days, 20.0) - 7.0, 0)
                + 0.05 * Math.max(days - 20.0, 0);
        int lo = Math.max(2, (int) Math.rint(days - delta));
        int hi = (int) Math.min(Math.rint(days + delta), p.maximumInterval());
        lo = Math.min(lo, hi);
        return Math.min(lo + random.nextInt(hi - lo + 1), p.maximumInterval());
    }

    /** Whole days between two instants, as Python's timedelta.days counts them (floor). */
    static long wholeDays(Instant from, Instant to) {
        return Math.floorDiv(Duration.between(from, to).getSeconds(), 86_400L);
    }

    private static Duration scale(Duration d, double f) {
        return Duration.ofMillis(Math.round(d.toMillis() * f));
    }

    private static double clampD(double d) {
        return Math.min(Math.max(d, 1), 10);
    }
}
