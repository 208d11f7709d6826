package org.deepdrill.ui.bench;

import org.deepdrill.ui.MainWindow;

import javafx.application.Platform;
import org.deepdrill.content.Question;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code --stall-bench}: in the real window, opens every question in turn, runs its demo from the
 * panel and records the longest gap between FX pulses from Run until the result is fully drawn.
 * Writes one JSON line per demo to {@code --stall-out} (default target/fx.json), then exits.
 */
public final class StallBench {
    private final MainWindow window;
    private final boolean quick;
    private final Path out;
    private final List<String> rows = new ArrayList<>();

    private final List<String> only;

    /** {@code only}: demo ids to run, or null for every question's demo. */
    public StallBench(MainWindow window, boolean quick, Path out, List<String> only) {
        this.window = window;
        this.quick = quick;
        this.out = out;
        this.only = only;
    }

    /** Starts on a worker thread; every UI step goes through the FX thread. */
    public void start() {
        Thread t = new Thread(this::runAll, "stall-bench");
        t.setDaemon(true);
        t.start();
    }

    private void runAll() {
        try {
            window.services().runner().engine().join();
            for (Question q : window.services().content().questions()) {
                if (only != null && !only.contains(q.demo())) {
                    continue;
                }
                rows.add(runOne(q));
                System.out.println(rows.get(rows.size() - 1));
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "{\"mode\": \"" + (quick ? "quick" : "default") + "\", \"date\": \""
                    + java.time.Instant.now() + "\", \"demos\": [\n  "
                    + String.join(",\n  ", rows) + "\n]}\n");
            System.out.println("wrote " + out);
        } catch (IOException | RuntimeException | InterruptedException e) {
            System.err.println("stall benchmark failed: " + e);
        } finally {
            Platform.runLater(Platform::exit);
        }
    }

    private String runOne(Question q) throws InterruptedException {
        onFx(() -> window.openQuestion(q.id()));
        Thread.sleep(700); // let the answer page load before measuring
        PulseMonitor monitor = new PulseMonitor();
        CompletableFuture<Void> built = new CompletableFuture<>();
        long t0 = System.nanoTime();
        System.err.println("stall bench: " + q.demo() + " runs from " + java.time.Instant.now());
        long[] resultAt = {-1};
        onFx(() -> {
            window.demoPanel().model().resultProperty().addListener((o, a, r) -> {
                if (r != null && resultAt[0] < 0) {
                    resultAt[0] = System.nanoTime();
                }
            });
            window.demoPanel().onResultBuilt(() -> built.complete(null));
            window.demoPanel().model().errorProperty().addListener((o, a, err) -> {
                if (err != null && !err.isEmpty()) {
                    built.completeExceptionally(new IllegalStateException(err));
                }
            });
            monitor.watchLayout(window.root().getScene());
            monitor.start();
            window.demoPanel().runNow(quick);
        });
        String error = null;
        try {
            built.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            error = e.getCause() == null ? e.toString() : e.getCause().getMessage();
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(300);
        onFx(monitor::stop);
        // Where the longest gap fell: while the demo trained, or while its result was drawn.
        String phase = resultAt[0] > 0 && monitor.maxGapAtNanos() >= resultAt[0] ? "drawing the result" : "training";
        return String.format(Locale.ROOT, "{\"id\": \"%s\", \"wallMillis\": %d, \"pulses\": %d, \"maxGapMs\": %.1f, "
                        + "\"maxGapDuring\": \"%s\", \"maxGapAtMs\": %d, \"gapsOver100ms\": %d, \"longestBuildStepCpuMs\": %.1f, "
                        + "\"fxCpuMs\": %.0f, \"maxFrameCpuMs\": %.1f, \"layoutCpuMs\": %.0f, \"maxLayoutCpuMs\": %.1f, \"stalls\": %s%s}",
                q.demo(), wall, monitor.pulses(), monitor.maxGapMillis(), phase, (monitor.maxGapAtNanos() - t0) / 1_000_000,
                monitor.stallsOver100ms(),
                window.demoPanel().longestBuildStepMillis(),
                monitor.fxCpuMillis(), monitor.maxFrameCpuMillis(), monitor.layoutCpuMillis(), monitor.maxLayoutCpuMillis(),
                monitor.stallsJson(t0, 8),
                error == null ? "" : ", \"error\": \"" + error.replace("\\", "/").replace("\"", "'") + "\"");
    }

    private static void onFx(Runnable r) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("FX step failed: " + e, e);
        }
    }
}
