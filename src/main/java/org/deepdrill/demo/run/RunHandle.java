package org.deepdrill.demo.run;

import org.deepdrill.demo.DemoResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run in progress: its result when it ends, and a way to cancel it. */
public final class RunHandle {
    private final String demoId;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<DemoResult> result = new CompletableFuture<>();

    RunHandle(String demoId) {
        this.demoId = demoId;
    }

    public String demoId() {
        return demoId;
    }

    /** Asks the run to stop at its next check; the result then fails with {@link DemoCancelledException}. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public CompletableFuture<DemoResult> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }
}
