package org.deepdrill.demo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoRunnerTest {
    private static final CountDownLatch STARTED = new CountDownLatch(1);

    /** A demo that loops until cancelled, so the tests control its timing. */
    private static final Demo SPIN = new Demo() {
        public DemoSpec spec() {
            return new DemoSpec("spin", "Spin", "", List.of(), List.of());
        }

        public void run(DemoContext ctx) throws Exception {
            ctx.manager().ones(new ai.djl.ndarray.types.Shape(1000));
            STARTED.countDown();
            for (int i = 0; i < 10_000; i++) {
                ctx.progress(i, 10_000, "spin");
                Thread.sleep(5);
            }
        }
    };

    private static final Demo BOOM = new Demo() {
        public DemoSpec spec() {
            return new DemoSpec("boom", "Boom", "", List.of(), List.of());
        }

        public void run(DemoContext ctx) {
            ctx.checkFinite("loss", Double.NaN);
        }
    };

    @Test
    void secondRunIsRefusedAndCancelStopsTheFirst() throws Exception {
        DemoRunner runner = new DemoRunner(new DemoRegistry(List.of(SPIN, BOOM)), () -> DemoTestSupport.runner().engine().join());
        RunHandle h = runner.start("spin", Map.of(), true, RunListener.NONE);
        assertTrue(STARTED.await(30, TimeUnit.SECONDS));
        DemoBusyException busy = assertThrows(DemoBusyException.class, () -> runner.start("boom", Map.of(), true, RunListener.NONE));
        assertTrue(busy.getMessage().contains("spin"));
        h.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> h.result().get(30, TimeUnit.SECONDS));
        assertInstanceOf(DemoCancelledException.class, e.getCause());

        DemoFailedException nan = assertThrows(DemoFailedException.class, () -> runner.run("boom", Map.of(), true, RunListener.NONE));
        assertTrue(nan.getMessage().contains("loss became NaN"), nan.getMessage());
        runner.close();
    }

    @Test
    void unknownDemoIdIsNamed() {
        UnknownDemoException e = assertThrows(UnknownDemoException.class, () -> DemoTestSupport.runner().start("nope", Map.of(), true, RunListener.NONE));
        assertEquals("Unknown demo id 'nope'. Run 'demo list' to see the available demos.", e.getMessage());
    }

    @Test
    void warmUpTrainsOneTinyStepAndLeavesTheRunnerFree() throws Exception {
        DemoRunner runner = DemoTestSupport.runner();
        runner.warmUp().get(60, TimeUnit.SECONDS);
        DemoResult r = runner.run(org.deepdrill.demo.attention.AttentionScalingDemo.ID, Map.of("maxDk", "64"), true, RunListener.NONE);
        assertTrue(r.claims().stream().allMatch(Claim::holds), r.claims().toString());
    }
}
