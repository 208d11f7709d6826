package org.deepdrill.demo.run;

/**
 * System settings that must be in place before any DJL class loads. This class touches no DJL
 * type, so calling it first thing in {@code main} is safe.
 */
public final class DjlSetup {
    private DjlSetup() {
    }

    public static void configure() {
        // Offline: no model-zoo look-ups and no start-up telemetry call.
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_OFFLINE", "true");
        // Thread counts can only be set before the engine starts. One core stays free for the UI:
        // demo tensors are small, so a second intra-op thread buys little and costs responsiveness.
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // No CUDA here is normal, not a warning worth showing to users.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
