package org.deepdrill.demo.run;

/** What the deep-learning engine reports about itself; an interface so the device choice can be tested. */
public interface EngineInfo {
    String name();

    String version();

    int gpuCount();

    /** The DJL library version. */
    default String djlVersion() {
        return "unknown";
    }
}
