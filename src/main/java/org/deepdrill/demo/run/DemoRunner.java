package org.deepdrill.demo.run;

import java.util.List;
import java.util.ArrayList;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.lib.train.Scalars;
import org.deepdrill.demo.DemoBusyException;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoFailedException;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.RunListener;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs demos one at a time on a single dedicated thread. DJL allows one gradient collector per JVM
 * and PyTorch's grad mode is per thread, so all engine work, including the engine load, happens
 * there. A second run while one is going is refused with {@link DemoBusyException}.
 */
public final class DemoRunner implements AutoCloseable {
    private final DemoRegistry registry;
    private final Supplier<EngineInfo> engineLoader;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deepdrill-demo");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<EngineInfo> engine;
    private RunHandle current;

    public DemoRunner(DemoRegistry registry, Supplier<EngineInfo> engineLoader) {
        this.registry = registry;
        this.engineLoader = engineLoader;
    }

    public static DemoRunner withDjl(DemoRegistry registry) {
        return new DemoRunner(registry, DjlEngine::load);
    }

    public DemoRegistry registry() {
        return registry;
    }

    /** Loads the engine on the demo thread, once; later calls return the same future. */
    public synchronized CompletableFuture<EngineInfo> engine() {
        if (engine == null) {
            engine = CompletableFuture.supplyAsync(engineLoader, thread);
        }
        return engine;
    }

    /**
     * Validates the parameters and starts a run. Throws {@link UnknownDemoException},
     * {@link ParamException} or {@link DemoBusyException} at once; failures during the run
     * complete the handle's result exceptionally.
     */
    public synchronized RunHandle start(String id, Map<String, String> rawParams, boolean quick, RunListener listener) {
        return start(id, rawParams, quick, "", listener);
    }

    /**
     * As {@link #start(String, Map, boolean, RunListener)}, with a named break ("" for none). An
     * unknown break name throws {@link ParamException} at once.
     */
    public synchronized RunHandle start(String id, Map<String, String> rawParams, boolean quick, String breakName,
                                        RunListener listener) {
        Demo<?, ?> demo = registry.get(id);
        Params params = Params.resolve(demo.spec(), rawParams, quick);
        Composed<?, ?> run = Composed.of(demo, params, breakName == null ? "" : breakName);
        if (current != null && !current.isDone()) {
            throw new DemoBusyException(current.demoId());
        }
        RunHandle handle = new RunHandle(id);
        current = handle;
        CompletableFuture<EngineInfo> eng = engine();
        thread.execute(() -> execute(run, params, listener, handle, eng));
        return handle;
    }

    /** Starts a run and waits for it. Failures are rethrown unwrapped. */
    public DemoResult run(String id, Map<String, String> rawParams, boolean quick, RunListener listener) {
        return run(id, rawParams, quick, "", listener);
    }

    /** Starts a run, broken by {@code breakName} unless it is empty, and waits for it. */
    public DemoResult run(String id, Map<String, String> rawParams, boolean quick, String breakName,
                          RunListener listener) {
        RunHandle h = start(id, rawParams, quick, breakName, listener);
        try {
            return h.result().get();
        } catch (InterruptedException e) {
            h.cancel();
            Thread.currentThread().interrupt();
            throw new DemoCancelledException(id);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DemoFailedException(e.getCause().toString(), e.getCause());
        }
    }

    private void execute(Composed<?, ?> run, Params params, RunListener listener, RunHandle handle,
                         CompletableFuture<EngineInfo> eng) {
        String id = run.id();
        try {
            Device device = DeviceChoice.choose(eng.join());
            DemoResult result;
            try {
                result = attempt(run, params, listener, handle, device);
            } catch (Exception e) {
                if (!DeviceChoice.retryOnCpu(device, e) || handle.isCancelled()) {
                    throw e;
                }
                result = withNote(attempt(run, params, listener, handle, Device.cpu()),
                        "Ran on the CPU: the Apple GPU (Metal) failed on this demo (" + describe(e) + ").");
            }
            handle.result().complete(result);
        } catch (DemoCancelledException | DemoFailedException | ParamException e) {
            handle.result().completeExceptionally(e);
        } catch (Throwable e) {
            handle.result().completeExceptionally(new DemoFailedException("Demo " + id + " failed: " + describe(e), e));
        }
    }

    private DemoResult attempt(Composed<?, ?> run, Params params, RunListener listener, RunHandle handle, Device device)
            throws Exception {
        JniUtils.setGradMode(false);
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Scalars.begin(manager);
            RunContext ctx = new RunContext(run.id(), params, device, manager, listener, handle::isCancelled);
            ctx.checkCancelled();
            Composed.Outcome out = run.execute(ctx);
            ctx.checkCancelled();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return out.toResult(ctx.liveCharts(), DeviceChoice.label(device), ms);
        } finally {
            Scalars.end();
            trimNativeHeap();
        }
    }

    private static DemoResult withNote(DemoResult r, String note) {
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(0, note);
        return new DemoResult(r.id(), r.breakName(), r.device(), r.elapsedMillis(), r.params(), r.metrics(),
                r.charts(), r.heatmaps(), r.tables(), r.claims(), notes);
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof EngineUnavailableException) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void trimNativeHeap() {
        try {
            NativeHeap.trim();
        } catch (LinkageError e) {
            // Only gives memory back sooner; a run never fails for it.
        }
    }

    /**
     * Warms the engine on the demo thread once it has loaded (the window calls this; a run started
     * meanwhile waits the few hundred milliseconds it takes). Failures only lose the head start.
     */
    public CompletableFuture<Void> warmUp() {
        return onDemoThread(() -> {
            try {
                EngineWarmUp.run();
            } catch (RuntimeException e) {
                // the first demo will simply pay for the initialisation itself
            }
            return null;
        });
    }

    /** Runs other engine work (benchmarks) on the demo thread, after the engine has loaded. */
    public <T> CompletableFuture<T> onDemoThread(Supplier<T> work) {
        CompletableFuture<EngineInfo> eng = engine();
        return CompletableFuture.supplyAsync(() -> {
            eng.join();
            JniUtils.setGradMode(false);
            return work.get();
        }, thread);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (current != null) {
                current.cancel();
            }
        }
        thread.shutdown();
    }
}
