package org.deepdrill.demo.optim;

/**
 * A GPipe schedule simulated step by step: p stages, m micro-batches, a forward taking one time
 * unit and a backward two. A stage starts a task when its input has arrived and it is free; all
 * forwards run before the backwards (one flush per batch). The idle fraction is read off the
 * simulated timeline.
 */
final class PipelineSchedule {
    static final double FORWARD = 1;
    static final double BACKWARD = 2;

    private PipelineSchedule() {
    }

    /** Idle time over stage-time of one batch: 1 − busy / (p · makespan). */
    static double idleFraction(int stages, int microBatches) {
        double[][] fDone = new double[stages][microBatches];
        double[] free = new double[stages];
        for (int j = 0; j < microBatches; j++) {
            for (int s = 0; s < stages; s++) {
                double ready = s == 0 ? 0 : fDone[s - 1][j];
                double begin = Math.max(ready, free[s]);
                fDone[s][j] = begin + FORWARD;
                free[s] = fDone[s][j];
            }
        }
        double[][] bDone = new double[stages][microBatches];
        for (int j = microBatches - 1; j >= 0; j--) {
            for (int s = stages - 1; s >= 0; s--) {
                double ready = s == stages - 1 ? fDone[s][j] : bDone[s + 1][j];
                double begin = Math.max(ready, free[s]);
                bDone[s][j] = begin + BACKWARD;
                free[s] = bDone[s][j];
            }
        }
        double makespan = 0;
        for (double f : free) {
            makespan = Math.max(makespan, f);
        }
        double busy = stages * microBatches * (FORWARD + BACKWARD);
        return 1 - busy / (stages * makespan);
    }
}
