package org.deepdrill.demo.lib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * A DJL {@link Optimizer} (so a {@code Trainer} can use it) built on {@link UpdateRule}: Adam or
 * SGD with momentum, an optional element-wise gradient clip, and a learning-rate tracker. Unlike
 * DJL's own optimizers, its state is freed with the model's manager, so a demo run leaves nothing
 * behind. After each update the parameter's gradient is zeroed, as DJL's optimizers do.
 */
public final class ScopedOptimizer extends Optimizer {
    private final UpdateRule rule;
    private final Tracker rate;
    private final float clip;

    private ScopedOptimizer(UpdateRule rule, Tracker rate, float clip) {
        super(new Builder());
        this.rule = rule;
        this.rate = rate;
        this.clip = clip;
    }

    public static ScopedOptimizer adam(Tracker rate) {
        return new ScopedOptimizer(UpdateRule.adam(), rate, 0);
    }

    public static ScopedOptimizer adam(double lr) {
        return adam(Tracker.fixed((float) lr));
    }

    public static ScopedOptimizer sgd(double lr, double momentum) {
        return new ScopedOptimizer(momentum > 0 ? UpdateRule.momentum(momentum) : UpdateRule.sgd(),
                Tracker.fixed((float) lr), 0);
    }

    /** The same optimizer with every gradient entry clipped to ±c first. */
    public ScopedOptimizer clipped(double c) {
        return new ScopedOptimizer(rule, rate, (float) c);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int next = updateCount(parameterId);
        double lr = rate.getNewValue(next);
        if (clip > 0) {
            try (NDArray g = grad.clip(-clip, clip)) {
                rule.update(parameterId, weight, g, lr);
            }
        } else {
            rule.update(parameterId, weight, grad, lr);
        }
        if (weight instanceof PtNDArray p) {
            JniUtils.zeroGrad(p);
        }
    }

    /** Forgets the moments (after rewinding or re-initialising the weights). */
    public void reset() {
        rule.reset();
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
