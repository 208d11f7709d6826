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
        long t0 = System.nanoTime();
        r.run();
        longest = Math.max(longest, (System.nanoTime() - t0) / 1e6);
    }

    double longestStepMillis() {
        return longest;
    }

    boolean busy() {
        return !steps.isEmpty();
    }
}
