package org.deepdrill.demo.run;

import ai.djl.engine.Engine;

/** The real engine: PyTorch through DJL. Loading it extracts native libraries the first time. */
public final class DjlEngine implements EngineInfo {
    private final Engine engine;

    private DjlEngine(Engine engine) {
        this.engine = engine;
    }

    public static DjlEngine load() {
        DjlSetup.configure();
        return new DjlEngine(Engine.getEngine("PyTorch"));
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
}
