package org.deepdrill.demo.lib.stats;

/** Wall-clock timing of small pieces of work: a warm-up, then the median of several repeats. */
public final class Timing {
    private Timing() {
    }

    /** Median seconds per call of {@code work} over {@code repeats} calls, after {@code warmup} calls. */
    public static double medianSeconds(int warmup, int repeats, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return Fit.median(t);
    }
}
