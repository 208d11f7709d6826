package org.deepdrill.demo.architectures;

import org.deepdrill.demo.DemoContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/** The two search strategies of the NAS demo, on one shared estimator and the same budget. */
final class NasSearches {
    /** The accuracy of each evaluation in order, and the best found so far after each. */
    record Trace(double[] accuracies, double[] best) {
    }

    private record Member(NasSpace.Arch arch, double accuracy) {
    }

    private final DemoContext ctx;
    private final NasEvaluator estimator;
    private final int total;
    private int done;

    NasSearches(DemoContext ctx, NasEvaluator estimator, int total) {
        this.ctx = ctx;
        this.estimator = estimator;
        this.total = total;
    }

    Trace random(long seed, int budget, String series) {
        Random rnd = new Random(seed);
        double[] acc = new double[budget];
        double[] best = new double[budget];
        for (int i = 0; i < budget; i++) {
            acc[i] = score(NasSpace.Arch.random(rnd));
            best[i] = Math.max(acc[i], i == 0 ? 0 : best[i - 1]);
            ctx.point("best", series, i + 1, best[i]);
        }
        return new Trace(acc, best);
    }

    /** Regularised evolution: mutate the winner of a random tournament; the oldest member dies. */
    Trace evolution(long seed, int budget, int population, int tournament, String series) {
        Random rnd = new Random(seed);
        Deque<Member> pop = new ArrayDeque<>();
        double[] acc = new double[budget];
        double[] best = new double[budget];
        for (int i = 0; i < budget; i++) {
            NasSpace.Arch child = i < population ? NasSpace.Arch.random(rnd) : winner(pop, tournament, rnd).arch().mutate(rnd);
            acc[i] = score(child);
            pop.addLast(new Member(child, acc[i]));
            if (pop.size() > population) {
                pop.removeFirst();
            }
            best[i] = Math.max(acc[i], i == 0 ? 0 : best[i - 1]);
            ctx.point("best", series, i + 1, best[i]);
        }
        return new Trace(acc, best);
    }

    private static Member winner(Deque<Member> pop, int tournament, Random rnd) {
        Member[] members = pop.toArray(new Member[0]);
        Member best = null;
        for (int k = 0; k < tournament; k++) {
            Member m = members[rnd.nextInt(members.length)];
            if (best == null || m.accuracy() > best.accuracy()) {
                best = m;
            }
        }
        return best;
    }

    private double score(NasSpace.Arch a) {
        double acc = estimator.evaluate(a).accuracy();
        ctx.progress(++done, total, "evaluated " + a.key());
        return acc;
    }
}
