package org.deepdrill.ui.bench;

import javafx.animation.AnimationTimer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Watches the FX thread: the longest gap between two pulses while it runs is the worst stall.
 * For every gap over 100 ms it also notes how much of it the FX thread spent on the CPU and how
 * much the JVM spent in garbage-collection pauses, which tells our own work from a stolen CPU.
 */
public final class PulseMonitor extends AnimationTimer {
    private static final long STALL_NANOS = 100_000_000L;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<Stall> stalls = new ArrayList<>();
    private long last = -1;
    private long lastCpu;
    private long lastGcMillis;
    private long maxGapNanos;
    private long pulses;
    private long over100;
    private long maxGapAt;
    private long firstCpu = -1;
    private long maxFrameCpu;
    private long layoutStartCpu;
    private long layoutCpu;
    private long maxLayoutCpu;
    private javafx.scene.Scene scene;
    private final Runnable beforeLayout = () -> layoutStartCpu = threads.getCurrentThreadCpuTime();
    private final Runnable afterLayout = () -> {
        long d = threads.getCurrentThreadCpuTime() - layoutStartCpu;
        layoutCpu += d;
        maxLayoutCpu = Math.max(maxLayoutCpu, d);
    };

    /** Also times each pulse's CSS and layout passes of this scene, until {@link #stop()}. */
    public void watchLayout(javafx.scene.Scene s) {
        scene = s;
        s.addPreLayoutPulseListener(beforeLayout);
        s.addPostLayoutPulseListener(afterLayout);
    }

    @Override
    public void stop() {
        super.stop();
        if (scene != null) {
            scene.removePreLayoutPulseListener(beforeLayout);
            scene.removePostLayoutPulseListener(afterLayout);
            scene = null;
        }
    }

    /** One gap over 100 ms: when it ended, its length, FX-thread CPU and GC pause time inside it. */
    public record Stall(long atNanos, double gapMs, double fxCpuMs, long gcMs) {
    }

    @Override
    public void handle(long now) {
        long cpu = threads.getCurrentThreadCpuTime();
        long gc = gcMillis();
        if (firstCpu < 0) {
            firstCpu = cpu;
        }
        if (last > 0) {
            maxFrameCpu = Math.max(maxFrameCpu, cpu - lastCpu);
            long gap = now - last;
            if (gap > maxGapNanos) {
                maxGapNanos = gap;
                maxGapAt = now;
            }
            if (gap > STALL_NANOS) {
                over100++;
                stalls.add(new Stall(now, gap / 1e6, (cpu - lastCpu) / 1e6, gc - lastGcMillis));
            }
        }
        last = now;
        lastCpu = cpu;
        lastGcMillis = gc;
        pulses++;
    }

    private long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean b : collectors) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }

    /** FX-thread CPU from the first pulse to the last one watched. */
    public double fxCpuMillis() {
        return firstCpu < 0 ? 0 : (lastCpu - firstCpu) / 1e6;
    }

    /** The most FX-thread CPU spent between two pulses: what one frame cost us, whatever the machine's load. */
    public double maxFrameCpuMillis() {
        return maxFrameCpu / 1e6;
    }

    /** FX-thread CPU in CSS and layout passes, in total and in the costliest pulse. */
    public double layoutCpuMillis() {
        return layoutCpu / 1e6;
    }

    public double maxLayoutCpuMillis() {
        return maxLayoutCpu / 1e6;
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

    /** The longest gaps over 100 ms, longest first, at most {@code n}. */
    public List<Stall> longestStalls(int n) {
        return stalls.stream().sorted(Comparator.comparingDouble(Stall::gapMs).reversed()).limit(n).toList();
    }

    /** The longest stalls as a JSON array: [ms after t0, gap ms, FX CPU ms, GC ms]. */
    public String stallsJson(long t0, int n) {
        List<String> parts = new ArrayList<>();
        for (Stall s : longestStalls(n)) {
            parts.add(String.format(Locale.ROOT, "[%d, %.1f, %.1f, %d]", (s.atNanos() - t0) / 1_000_000, s.gapMs(), s.fxCpuMs(), s.gcMs()));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
