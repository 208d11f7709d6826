package org.deepdrill.demo.lib.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScopedOptimizerTest {
    /** Runs on the demo thread (one gradient collector per JVM): w = [1], loss = k·w, so the gradient is k. */
    private static float[] afterSteps(ScopedOptimizer opt, float k, int steps) throws Exception {
        AtomicReference<float[]> out = new AtomicReference<>();
        DemoTestSupport.runner().onDemoThread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {1f});
                w.setRequiresGradient(true);
                for (int s = 0; s < steps; s++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.mul(m.create(k)).sum());
                    }
                    opt.update("w", w, w.getGradient());
                }
                out.set(new float[] {w.getFloat(0), w.getGradient().getFloat(0)});
            }
            return null;
        }).get();
        return out.get();
    }

    @Test
    void adamsFirstStepMovesEachWeightByTheLearningRate() throws Exception {
        // Bias-corrected m̂ = g and v̂ = g², so the first step is lr·g/|g| whatever the gradient's size.
        assertEquals(0.9f, afterSteps(ScopedOptimizer.adam(0.1), 0.5f, 1)[0], 1e-6);
        assertEquals(0.9f, afterSteps(ScopedOptimizer.adam(0.1), 40f, 1)[0], 1e-6);
    }

    @Test
    void sgdWithMomentumAccumulatesAndClippingCapsTheGradient() throws Exception {
        // v1 = g, v2 = 0.9·g + g: w = 1 − 0.1·(2 + 3.8) = 0.42 for g = 2.
        assertEquals(0.42f, afterSteps(ScopedOptimizer.sgd(0.1, 0.9), 2f, 2)[0], 1e-6);
        // Clipped to 1: w = 1 − 0.1·(1 + 1.9) = 0.71.
        assertEquals(0.71f, afterSteps(ScopedOptimizer.sgd(0.1, 0.9).clipped(1), 2f, 2)[0], 1e-6);
    }

    @Test
    void theGradientIsZeroedAfterEachUpdate() throws Exception {
        assertEquals(0f, afterSteps(ScopedOptimizer.adam(0.01), 3f, 2)[1]);
    }
}
