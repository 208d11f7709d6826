package org.deepdrill.quiz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws questions for a mock interview at random, weighted towards weak ones: the weight is
 * 1 − R(now) for studied cards (so forgotten-looking cards come up more) and 1 for unseen ones.
 */
public final class MockDraw {
    private MockDraw() {
    }

    public static double weight(Fsrs fsrs, Progress p, String id, Instant now) {
        CardState c = p.cards().get(id);
        if (c == null || c.isNew()) {
            return 1.0;
        }
        double elapsed = Math.max(0, (now.getEpochSecond() - c.lastReview().getEpochSecond()) / 86400.0);
        return Math.max(0.05, 1 - fsrs.retrievability(elapsed, c.stability()));
    }

    /** Up to {@code count} distinct questions, weighted sampling without replacement. */
    public static List<String> draw(Fsrs fsrs, Progress p, List<String> pool, int count, Instant now, Random rnd) {
        List<String> left = new ArrayList<>(pool);
        List<String> out = new ArrayList<>();
        while (out.size() < count && !left.isEmpty()) {
            double total = 0;
            double[] w = new double[left.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = weight(fsrs, p, left.get(i), now);
                total += w[i];
            }
            double u = rnd.nextDouble() * total;
            int pick = 0;
            while (pick < w.length - 1 && u >= w[pick]) {
                u -= w[pick++];
            }
            out.add(left.remove(pick));
        }
        return out;
    }
}
