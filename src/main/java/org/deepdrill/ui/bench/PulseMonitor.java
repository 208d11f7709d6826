package org.deepdrill.ui.bench;

import javafx.animation.AnimationTimer;

/** Watches the FX thread: the longest gap between two pulses while it runs is the worst stall. */
public final class PulseMonitor extends AnimationTimer {
    private long last = -1;
    private long maxGapNanos;
    private long pulses;
    private long over100;
    private long maxGapAt;

    @Override
    public void handle(long now) {
        if (last > 0) {
            long gap = now - last;
            if (gap > maxGapNanos) {
                maxGapNanos = gap;
                maxGapAt = now;
            }
            if (gap > 100_000_000L) {
                over100++;
            }
        }
        last = now;
        pulses++;
    }

    public double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    /** The pulse timestamp ({@link System#nanoTime()} base) that ended the longest gap. */
    public long maxGapAtNanos() {
        return maxGapAt;
    }

    public long pulses() {
        return pulses;
    }

    public long stallsOver100ms() {
        return over100;
    }
}
