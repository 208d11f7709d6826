package org.deepdrill.demo.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The real engine: PyTorch through DJL. Loading it extracts native libraries the first time. */
public final class DjlEngine implements EngineInfo {
    private final Engine engine;
    private final boolean mps;

    private DjlEngine(Engine engine, boolean mps) {
        this.engine = engine;
        this.mps = mps;
    }

    /** Loads PyTorch, or throws {@link EngineUnavailableException} when no bundled build fits this computer. */
    public static DjlEngine load() {
        DjlSetup.configure();
        NativeSupport.problem().ifPresent(msg -> {
            throw new EngineUnavailableException(msg);
        });
        Engine engine = Engine.getEngine("PyTorch");
        NativeSupport.unpackFolder().ifPresent(dir -> NativeSupport.removeStaleUnpacks(dir,
                java.time.Duration.ofMinutes(30), java.time.Instant.now()));
        return new DjlEngine(engine, "osx-aarch64".equals(HostPlatform.current()) && probeMps());
    }

    /** One tiny sum on the Metal device; any failure means no MPS (an old macOS, a VM). */
    private static boolean probeMps() {
        try (NDManager m = NDManager.newBaseManager(DeviceChoice.MPS)) {
            return m.ones(new Shape(2)).sum().getFloat() == 2f;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String name() {
        return engine.getEngineName();
    }

    @Override
    public String version() {
        return engine.getVersion();
    }

    @Override
    public String djlVersion() {
        return Engine.getDjlVersion();
    }

    @Override
    public int gpuCount() {
        return engine.getGpuCount();
    }

    @Override
    public boolean mpsAvailable() {
        return mps;
    }
}
