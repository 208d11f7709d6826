package org.deepdrill.demo.run;

import ai.djl.Device;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.ParamException;

/**
 * Picks the device demos run on: a CUDA GPU when the engine sees one, else Apple's Metal GPU (MPS)
 * when it answered, else the CPU. {@code -Ddeepdrill.device=cpu} forces the CPU.
 */
public final class DeviceChoice {
    /** PyTorch's Metal device, as DJL's PyTorch engine names it. */
    public static final Device MPS = Device.of("mps", 0);

    private DeviceChoice() {
    }

    public static Device choose(EngineInfo engine) {
        return choose(engine, System.getProperty("deepdrill.device", ""));
    }

    static Device choose(EngineInfo engine, String forced) {
        if ("cpu".equalsIgnoreCase(forced)) {
            return Device.cpu();
        }
        if (engine.gpuCount() > 0) {
            return Device.gpu();
        }
        return engine.mpsAvailable() ? MPS : Device.cpu();
    }

    public static boolean isMps(Device d) {
        return "mps".equals(d.getDeviceType());
    }

    /** The short name a result carries: cpu, gpu or mps. */
    public static String label(Device d) {
        return d.isGpu() ? "gpu" : isMps(d) ? "mps" : "cpu";
    }

    /**
     * True when a run that failed on {@code tried} should run again on the CPU: Metal lacks some
     * operators, so any engine failure there is retried; a cancel or a bad parameter is not.
     */
    public static boolean retryOnCpu(Device tried, Throwable failure) {
        return isMps(tried) && !(failure instanceof DemoCancelledException) && !(failure instanceof ParamException);
    }

    /** Words for the status bar, such as "CPU (8 cores)", "GPU 0 (CUDA, 2 visible)" or "Apple GPU (Metal)". */
    public static String describe(EngineInfo engine) {
        Device d = choose(engine);
        if (d.isGpu()) {
            return "GPU " + d.getDeviceId() + " (CUDA, " + engine.gpuCount() + " visible)";
        }
        if (isMps(d)) {
            return "Apple GPU (Metal)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
