package org.deepdrill.demo.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/**
 * One tiny training step (a 3×3 convolution, a matmul, softmax, backward) run once after the
 * engine loads, while the user reads: the native kernels, autograd and the Java paths around them
 * initialise then, not inside the first demo the user starts.
 */
final class EngineWarmUp {
    private EngineWarmUp() {
    }

    static void run() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(4, 3, 16, 16)); // (B,C,H,W)
            NDArray kernel = m.randomNormal(new Shape(8, 3, 3, 3)); // (F,C,3,3)
            NDArray w = m.randomNormal(new Shape(8 * 14 * 14, 10)); // (F·14·14, 10)
            kernel.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = Activation.relu(Conv2d.conv2d(x, kernel).head()).reshape(4, -1); // (B,F·14·14)
                gc.backward(h.matMul(w).logSoftmax(1).mean());
            }
            kernel.getGradient().sum().getFloat();
        }
    }
}
