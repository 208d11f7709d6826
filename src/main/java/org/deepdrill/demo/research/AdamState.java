package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Trainable arrays updated by Adam ({@link ScopedOptimizer}, whose moments are freed with the run). Forward passes
 * must start from a step-scoped input (x.matMul(w), not w.matMul(x)) so their intermediates land on
 * the step's sub-manager; the weights and Adam moments stay on the run's manager.
 */
final class AdamState {
    private final List<NDArray> weights = new ArrayList<>();
    private double lr;
    private final ScopedOptimizer adam = ScopedOptimizer.adam(n -> (float) lr);

    /** Registers an array as trainable and returns it. */
    NDArray add(NDArray w) {
        w.setRequiresGradient(true);
        weights.add(w);
        return w;
    }

    NDArray get(int i) {
        return weights.get(i);
    }

    List<NDArray> all() {
        return weights;
    }

    /** One Adam step at learning rate {@code lr} on every weight; the gradients are then zeroed. */
    void step(double lr) {
        step(lr, null);
    }

    /** As {@link #step(double)}; {@code masks} (null = dense, or one entry per weight, null entries dense) fix pruned weights at 0. */
    void step(double lr, List<NDArray> masks) {
        this.lr = lr;
        for (int i = 0; i < weights.size(); i++) {
            NDArray w = weights.get(i);
            NDArray g = w.getGradient();
            NDArray mask = masks == null ? null : masks.get(i);
            if (mask != null) {
                g.muli(mask);
            }
            adam.update("w" + i, w, g);
            if (mask != null) {
                w.muli(mask);
            }
            g.subi(g);
        }
    }

    /** Forgets the moments and the step count (after rewinding or re-initialising the weights). */
    void resetMoments() {
        adam.reset();
    }
}
