package org.deepdrill.demo.run;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoBusyException;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoFailedException;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.RunListener;
import org.deepdrill.demo.UnknownDemoException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoRunnerTest {
    private static final CountDownLatch STARTED = new CountDownLatch(1);

    /** A demo with no measurement of its own beyond a loop, so the tests control its timing. */
    private abstract static class Toy implements Demo<Toy.Setup, Toy.Run> {
        record Setup(boolean broken) {
        }

        record Run(double value) {
        }

        private final String id;

        Toy(String id) {
            this.id = id;
        }

        public DemoSpec spec() {
            return new DemoSpec(id, id, "", List.of(), List.of());
        }

        public Setup setup(Params params) {
            return new Setup(false);
        }

        public List<Break<Setup>> breaks() {
            return List.of(Break.<Setup>of("flip", "returns 0 instead of 1", s -> new Setup(true))
                    .flips("is-one", "the broken run measures 0").build());
        }

        public List<Claim> judge(Run run) {
            return List.of(Claim.near("is-one", "The value is one", run.value(), 1, 1e-9));
        }

        public Presentation present(Run run) {
            return Presentation.builder().metric("value", run.value(), "").build();
        }
    }

    private static final Demo<?, ?> SPIN = new Toy("spin") {
        public Run measure(Setup setup, DemoContext ctx) throws Exception {
            ctx.manager().ones(new ai.djl.ndarray.types.Shape(1000));
            STARTED.countDown();
            for (int i = 0; i < 10_000; i++) {
                ctx.progress(i, 10_000, "spin");
                Thread.sleep(5);
            }
            return new Run(1);
        }
    };

    private static final Demo<?, ?> BOOM = new Toy("boom") {
        public Run measure(Setup setup, DemoContext ctx) {
            ctx.checkFinite("loss", Double.NaN);
            return new Run(1);
        }
    };

    private static final Demo<?, ?> ONE = new Toy("one") {
        public Run measure(Setup setup, DemoContext ctx) {
            return new Run(setup.broken() ? 0 : 1);
        }
    };

    @Test
    void aBreakReachesMeasureAndTheResultCarriesItsName() {
        DemoRunner runner = new DemoRunner(new DemoRegistry(List.of(ONE)), () -> DemoTestSupport.runner().engine().join());
        DemoResult normal = runner.run("one", Map.of(), true, RunListener.NONE);
        assertTrue(normal.claim("is-one").orElseThrow().holds());
        assertEquals("", normal.breakName());
        DemoResult broken = runner.run("one", Map.of(), true, "flip", RunListener.NONE);
        assertEquals("flip", broken.breakName());
        assertFalse(broken.claim("is-one").orElseThrow().holds());
        assertEquals(0, broken.metric("value").orElseThrow().value());
        ParamException bad = assertThrows(ParamException.class, () -> runner.run("one", Map.of(), true, "nope", RunListener.NONE));
        assertTrue(bad.getMessage().contains("Unknown break 'nope'") && bad.getMessage().contains("flip"), bad.getMessage());
        runner.close();
    }

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
        DemoResult r = runner.run(org.deepdrill.demo.attention.AttentionScalingDemo.ID, Map.of("maxDk", "256"), true, RunListener.NONE);
        assertTrue(r.claims().stream().allMatch(Claim::holds), r.claims().toString());
    }
}
