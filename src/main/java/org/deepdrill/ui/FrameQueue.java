package org.deepdrill.ui;

import javafx.animation.AnimationTimer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Runs queued UI-building steps one per frame; a new batch replaces what is still queued. */
final class FrameQueue extends AnimationTimer {
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private Runnable whenDone = () -> { };
    private double longest;

    void run(List<Runnable> batch, Runnable done) {
        steps.clear();
        steps.addAll(batch);
        whenDone = done;
        longest = 0;
        start();
    }

    @Override
    public void handle(long now) {
        Runnable r = steps.poll();
        if (r == null) {
            stop();
            whenDone.run();
            return;
        }
        long t0 = cpuNanos();
        r.run();
        longest = Math.max(longest, (cpuNanos() - t0) / 1e6);
    }

    /** CPU time of the FX thread: what our code costs, whatever else the machine is doing. */
    static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    double longestStepMillis() {
        return longest;
    }

    boolean busy() {
        return !steps.isEmpty();
    }
}
