package org.deepdrill.demo.run;

/** What the deep-learning engine reports about itself; an interface so the device choice can be tested. */
public interface EngineInfo {
    String name();

    String version();

    int gpuCount();

    /** True when Apple's Metal backend (MPS) answered a probe; only on Apple Silicon. */
    default boolean mpsAvailable() {
        return false;
    }

    /** The DJL library version. */
    default String djlVersion() {
        return "unknown";
    }
}
