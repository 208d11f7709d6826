package org.deepdrill.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * What a running demo sees: its parameters, its device and per-run NDManager, progress,
 * cancellation and live charts. The runner owns the manager and closes it after the run, so arrays
 * a demo forgets are still freed.
 */
public interface DemoContext {
    Params params();

    default boolean quick() {
        return params().quick();
    }

    Device device();

    /** The run's manager, on the run's device; closed by the runner when the run ends. */
    NDManager manager();

    /** Throws {@link DemoCancelledException} if the user cancelled. Call it between steps. */
    void checkCancelled();

    boolean isCancelled();

    /** Reports progress and checks for cancellation. */
    void progress(int step, int total, String message);

    /** Fails the run with a clear message when a value such as a loss is NaN or infinite. */
    default double checkFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new DemoFailedException(what + " became " + value + ": training diverged. Try a smaller learning rate.");
        }
        return value;
    }

    /** Declares a chart whose points arrive during the run. */
    void liveChart(String id, String title, String xLabel, String yLabel, boolean logY);

    void point(String chartId, String series, double x, double y);
}
