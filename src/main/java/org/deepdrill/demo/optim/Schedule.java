package org.deepdrill.demo.optim;

/** Learning-rate schedules: linear warm-up, then cosine decay to a floor. */
public final class Schedule {
    private Schedule() {
    }

    /** Linear from peak/warmup up to peak over warmup steps, then half a cosine down to floor at total. */
    public static double warmupCosine(int step, int warmup, int total, double peak, double floor) {
        if (warmup > 0 && step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup - 1);
        progress = Math.min(1, progress);
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
