package org.deepdrill.ui.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.lang.management.ManagementFactory;

/**
 * Measures start-up: milliseconds from JVM start to the first painted question, and to the
 * fully rendered answer. With {@code --exit-after-render} it prints both and exits.
 */
public final class StartupProbe {
    private final boolean exitAfter;
    private final long jvmStart = JVM_START;
    private long firstPaint = -1;
    private boolean answerSeen;

    private static final boolean TRACE = Boolean.getBoolean("deepdrill.trace");
    /**
     * Reading it loads the management classes (tens of ms), so {@link #warm} does it on a worker first.
     * A window restarted with the class-data archive counts from the first JVM's start.
     */
    private static final long JVM_START = Math.min(ManagementFactory.getRuntimeMXBean().getStartTime(),
            Long.getLong("deepdrill.firstJvmStart", Long.MAX_VALUE));

    /** Call off the FX thread early: loads this class and the JVM start time. */
    public static long warm() {
        return JVM_START;
    }

    /** With -Ddeepdrill.trace=true, prints how far into start-up a phase ended. */
    public static void mark(String phase) {
        if (TRACE) {
            System.out.println("[trace] " + phase + ": " + (System.currentTimeMillis() - JVM_START) + " ms");
        }
    }

    public StartupProbe(boolean exitAfter) {
        this.exitAfter = exitAfter;
    }

    /** Call once the first question's native view is in the scene; fires after the next painted frame. */
    public void questionShown(Runnable afterPaint) {
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                // The first callback runs before that pulse renders; by the second, a frame has been painted.
                if (++frames == 2) {
                    stop();
                    firstPaint = System.currentTimeMillis() - jvmStart;
                    System.out.println("first question on screen: " + firstPaint + " ms after JVM start");
                    afterPaint.run();
                    if (exitAfter) {
                        Thread t = new Thread(StartupProbe.this::exitSoon, "startup-exit");
                        t.setDaemon(true);
                        t.start();
                    }
                }
            }
        }.start();
    }

    public void answerRendered() {
        if (answerSeen) {
            return;
        }
        answerSeen = true;
        System.out.println("answer rendered (WebView, KaTeX): " + (System.currentTimeMillis() - jvmStart) + " ms after JVM start");
        if (exitAfter && firstPaint >= 0) {
            Platform.exit();
        }
    }

    /** Waits up to 10 s for the full answer, then exits whatever happened. */
    private void exitSoon() {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        Platform.runLater(Platform::exit);
    }
}
