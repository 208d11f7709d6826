package org.deepdrill.ui;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.run.EngineUnavailableException;
import org.deepdrill.demo.run.RunHandle;
import org.deepdrill.demo.RunListener;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * State of the demo panel and the bridge to the demo thread. Events from the run are queued and
 * handed to the FX thread in batches, at most one pending hand-over at a time, so a fast demo
 * cannot flood the UI.
 */
public final class DemoViewModel {
    /** Receives live-chart events on the FX thread. */
    interface LiveSink {
        void chartDeclared(Chart header);

        void point(String chartId, String series, double x, double y);
    }

    private final DemoRunner runner;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** Why demos cannot run on this computer; empty when they can. */
    private final StringProperty unavailable = new SimpleStringProperty("");
    private final ObjectProperty<DemoResult> result = new SimpleObjectProperty<>();
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private LiveSink sink;
    private RunHandle handle;
    private long startedNanos;
    private volatile long firstPointNanos = -1;

    public DemoViewModel(DemoRunner runner) {
        this.runner = runner;
    }

    /** Once the engine has been asked for (after the first frame), a computer without PyTorch turns Run off. */
    void watchEngine() {
        runner.engine().whenComplete((info, ex) -> {
            Throwable cause = ex != null && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof EngineUnavailableException) {
                javafx.application.Platform.runLater(() -> {
                    unavailable.set(cause.getMessage());
                    status.set(cause.getMessage());
                });
            }
        });
    }

    public StringProperty unavailableProperty() {
        return unavailable;
    }

    void setSink(LiveSink sink) {
        this.sink = sink;
    }

    /** Starts a run; bad parameters or a busy runner become an error message, not an exception. */
    public void start(String demoId, Map<String, String> params, boolean quick) {
        start(demoId, params, quick, "");
    }

    /** Starts a run broken by the named break ("" for a normal run). */
    public void start(String demoId, Map<String, String> params, boolean quick, String breakName) {
        error.set("");
        result.set(null);
        firstPointNanos = -1;
        try {
            startedNanos = System.nanoTime();
            handle = runner.start(demoId, params, quick, breakName, new Bridge());
        } catch (RuntimeException e) {
            error.set(e.getMessage());
            return;
        }
        running.set(true);
        progress.set(-1);
        status.set(runner.engine().isDone() ? "Running…" : "Loading the engine…");
        RunHandle h = handle;
        h.result().whenComplete((r, ex) -> post(() -> finished(h, r, ex)));
    }

    public void cancel() {
        if (handle != null) {
            handle.cancel();
            status.set("Cancelling…");
        }
    }

    private void finished(RunHandle h, DemoResult r, Throwable ex) {
        if (h != handle) {
            return;
        }
        running.set(false);
        progress.set(0);
        if (ex == null) {
            result.set(r);
            long ok = r.claims().stream().filter(c -> c.holds()).count();
            status.set((r.broken() ? "Broken run done in " : "Done in ") + r.elapsedMillis() + " ms on "
                    + r.device().toUpperCase() + " · " + ok + " of " + r.claims().size() + " claims hold");
        } else {
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof DemoCancelledException) {
                status.set("Cancelled.");
            } else {
                status.set("Failed.");
                error.set(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            }
        }
    }

    /** Milliseconds from Run to the first live point, or -1 if none arrived yet. */
    public long firstPointMillis() {
        return firstPointNanos < 0 ? -1 : (firstPointNanos - startedNanos) / 1_000_000;
    }

    private void post(Runnable r) {
        events.add(r);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    /** FX time one batch of run events may take before the rest waits for the next frame. */
    private static final long SLICE_NANOS = 8_000_000;

    private void drain() {
        scheduled.set(false);
        long deadline = System.nanoTime() + SLICE_NANOS;
        Runnable r;
        // Time-sliced: a batch that declares several live charts at once (each a new node tree)
        // is spread over frames instead of freezing one.
        while (System.nanoTime() < deadline && (r = events.poll()) != null) {
            r.run();
        }
        if (!events.isEmpty() && scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    /** Runs on the demo thread: forwards events to the FX thread. */
    private final class Bridge implements RunListener {
        @Override
        public void onProgress(int step, int total, String message) {
            post(() -> {
                progress.set(total > 0 ? (double) step / total : -1);
                status.set(message + " (" + step + "/" + total + ")");
            });
        }

        @Override
        public void onLiveChart(Chart header) {
            post(() -> {
                if (sink != null) {
                    sink.chartDeclared(header);
                }
            });
        }

        @Override
        public void onPoint(String chartId, String series, double x, double y) {
            if (firstPointNanos < 0) {
                firstPointNanos = System.nanoTime();
            }
            post(() -> {
                if (sink != null) {
                    sink.point(chartId, series, x, y);
                }
            });
        }
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<DemoResult> resultProperty() {
        return result;
    }
}
