package org.deepdrill.demo.run;

import ai.djl.Device;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceChoiceTest {
    private static EngineInfo engineWith(int gpus, boolean mps) {
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

            public boolean mpsAvailable() {
                return mps;
            }
        };
    }

    @Test
    void picksCudaFirst() {
        assertEquals(Device.gpu(), DeviceChoice.choose(engineWith(2, true), ""));
        assertTrue(DeviceChoice.describe(engineWith(2, false)).startsWith("GPU 0"));
    }

    @Test
    void picksMetalOnAppleSiliconWithoutCuda() {
        Device d = DeviceChoice.choose(engineWith(0, true), "");
        assertTrue(DeviceChoice.isMps(d));
        assertEquals("mps", DeviceChoice.label(d));
    }

    @Test
    void fallsBackToCpu() {
        assertEquals(Device.cpu(), DeviceChoice.choose(engineWith(0, false), ""));
        assertEquals("cpu", DeviceChoice.label(Device.cpu()));
        assertTrue(DeviceChoice.describe(engineWith(0, false)).startsWith("CPU"));
    }

    @Test
    void theUserCanForceTheCpu() {
        assertEquals(Device.cpu(), DeviceChoice.choose(engineWith(1, true), "cpu"));
    }

    @Test
    void onlyMetalFailuresAreRetriedOnTheCpu() {
        RuntimeException engine = new IllegalStateException("operator not implemented for MPS");
        assertTrue(DeviceChoice.retryOnCpu(DeviceChoice.MPS, engine));
        assertFalse(DeviceChoice.retryOnCpu(Device.cpu(), engine));
        assertFalse(DeviceChoice.retryOnCpu(Device.gpu(), engine));
        assertFalse(DeviceChoice.retryOnCpu(DeviceChoice.MPS, new DemoCancelledException("x")));
        assertFalse(DeviceChoice.retryOnCpu(DeviceChoice.MPS, new ParamException("bad")));
    }

    @Test
    void realEngineOnThisMachineIsCpuAndResultSaysSo() {
        DemoResult r = DemoTestSupport.quick("attention-scaling", Map.of("maxDk", "256"));
        EngineInfo real = DemoTestSupport.runner().engine().join();
        assertEquals(real.gpuCount() > 0 ? "gpu" : "cpu", r.device());
    }

    /** This CPU-only PyTorch has no Metal: a run sent there fails, and the runner finishes it on the CPU and says so. */
    @Test
    void aRunTheMetalDeviceCannotDoFinishesOnTheCpuWithANote() {
        EngineInfo real = DemoTestSupport.runner().engine().join();
        EngineInfo claimsMetal = engineWith(0, true);
        try (DemoRunner runner = new DemoRunner(DemoRegistry.builtIn(), () -> {
            real.name();
            return claimsMetal;
        })) {
            DemoResult r = runner.run("attention-scaling", Map.of("maxDk", "256"), true, org.deepdrill.demo.RunListener.NONE);
            assertEquals("cpu", r.device());
            assertTrue(r.notes().get(0).startsWith("Ran on the CPU: the Apple GPU (Metal) failed"), r.notes().get(0));
            assertFalse(r.claims().isEmpty(), "the CPU run measured and judged");
        }
    }
}
