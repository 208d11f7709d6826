package org.deepdrill.demo.run;

import ai.djl.Device;

/** Picks the device demos run on: the first GPU when the engine sees one, else the CPU. */
public final class DeviceChoice {
    private DeviceChoice() {
    }

    public static Device choose(EngineInfo engine) {
        return engine.gpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** Words for the status bar, such as "CPU" or "GPU 0 (CUDA, 1 of 2)". */
    public static String describe(EngineInfo engine) {
        Device d = choose(engine);
        if (d.isGpu()) {
            return "GPU " + d.getDeviceId() + " (CUDA, " + engine.gpuCount() + " visible)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
