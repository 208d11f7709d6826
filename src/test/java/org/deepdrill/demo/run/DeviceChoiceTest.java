package org.deepdrill.demo.run;

import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceChoiceTest {
    private static EngineInfo engineWith(int gpus) {
        return new EngineInfo() {
            public String name() {
                return "Fake";
            }

            public String version() {
                return "0";
            }

            public int gpuCount() {
                return gpus;
            }
        };
    }

    @Test
    void picksGpuWhenTheEngineSeesOne() {
        assertEquals(Device.gpu(), DeviceChoice.choose(engineWith(2)));
        assertTrue(DeviceChoice.describe(engineWith(2)).startsWith("GPU 0"));
    }

    @Test
    void fallsBackToCpu() {
        assertEquals(Device.cpu(), DeviceChoice.choose(engineWith(0)));
        assertTrue(DeviceChoice.describe(engineWith(0)).startsWith("CPU"));
    }

    @Test
    void realEngineOnThisMachineIsCpuAndResultSaysSo() {
        DemoResult r = DemoTestSupport.quick("attention-scaling", java.util.Map.of("maxDk", "16"));
        EngineInfo real = DemoTestSupport.runner().engine().join();
        assertEquals(real.gpuCount() > 0 ? "gpu" : "cpu", r.device());
    }
}
