package org.deepdrill.demo.lib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimiser update rules written with in-place NDArray operations: SGD, heavy-ball momentum,
 * Adam, Adam with L2 in the gradient, and AdamW. The state (moments, step count) is kept per
 * parameter id in arrays that belong to the parameter's own manager, so it is freed with the
 * model. (DJL's optimizers detach their state from every manager; it then outlives the run.)
 */
public final class UpdateRule {
    public enum Kind { SGD, MOMENTUM, ADAM, ADAM_L2, ADAMW }

    private final Kind kind;
    private final double momentum;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, State> states = new HashMap<>();

    /** Moments of one parameter and how many updates it has had. */
    private static final class State {
        final NDArray first;
        final NDArray second;
        int steps;

        State(NDArray first, NDArray second) {
            this.first = first;
            this.second = second;
        }
    }

    private UpdateRule(Kind kind, double momentum, double beta1, double beta2, double eps, double weightDecay) {
        this.kind = kind;
        this.momentum = momentum;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public static UpdateRule sgd() {
        return new UpdateRule(Kind.SGD, 0, 0, 0, 0, 0);
    }

    public static UpdateRule momentum(double mu) {
        return new UpdateRule(Kind.MOMENTUM, mu, 0, 0, 0, 0);
    }

    public static UpdateRule adam() {
        return new UpdateRule(Kind.ADAM, 0, 0.9, 0.999, 1e-8, 0);
    }

    /** Adam with a chosen ε, for gradients far below 1e-8. */
    public static UpdateRule adam(double eps) {
        return new UpdateRule(Kind.ADAM, 0, 0.9, 0.999, eps, 0);
    }

    /** Adam on g + λ·w: the decay term is divided by √v like any gradient. */
    public static UpdateRule adamL2(double lambda) {
        return new UpdateRule(Kind.ADAM_L2, 0, 0.9, 0.999, 1e-8, lambda);
    }

    /** AdamW: w ← w − η·λ·w, decoupled from the adaptive step. */
    public static UpdateRule adamW(double lambda) {
        return new UpdateRule(Kind.ADAMW, 0, 0.9, 0.999, 1e-8, lambda);
    }

    public Kind kind() {
        return kind;
    }

    /** Updates every parameter in place with its gradient at learning rate lr (ids by position). */
    public void apply(List<NDArray> params, List<NDArray> grads, double lr) {
        for (int i = 0; i < params.size(); i++) {
            update("p" + i, params.get(i), grads.get(i), lr);
        }
    }

    /**
     * As {@link #apply}, with each parameter's current gradient, which is then zeroed (autograd adds
     * into it otherwise). The gradient handles are attached to {@code step}, the caller's per-step
     * manager; the gradient buffers stay with their parameters.
     */
    public void step(List<NDArray> params, double lr, NDManager step) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(step);
            grads.add(g);
        }
        apply(params, grads, lr);
        for (NDArray g : grads) {
            g.subi(g);
        }
    }

    /** One update of the parameter {@code id}; returns how many updates it has had, this one included. */
    public int update(String id, NDArray w, NDArray g, double lr) {
        State s = states.computeIfAbsent(id, k -> new State(kind == Kind.SGD ? null : w.zerosLike(),
                kind == Kind.SGD || kind == Kind.MOMENTUM ? null : w.zerosLike()));
        s.steps++;
        // Results attach to their first operand's manager, which for w and the moments lives as
        // long as the model: borrow them for a scratch manager so the temporaries die here.
        try (NDManager scratch = w.getManager().newSubManager()) {
            scratch.tempAttachAll(w, g);
            if (s.first != null) {
                scratch.tempAttachAll(s.first);
            }
            if (s.second != null) {
                scratch.tempAttachAll(s.second);
            }
            updateInPlace(w, g, s, lr);
        }
        return s.steps;
    }

    /** Forgets the moments and step counts (after rewinding or re-initialising the weights). */
    public void reset() {
        for (State s : states.values()) {
            if (s.first != null) {
                s.first.close();
            }
            if (s.second != null) {
                s.second.close();
            }
        }
        states.clear();
    }

    private void updateInPlace(NDArray w, NDArray g, State s, double lr) {
        switch (kind) {
            // Plain numbers are safe here: updates run outside any gradient recording, and a
            // per-step learning rate would otherwise fill the per-run constant cache.
            case SGD -> w.subi(g.mul(lr));
            case MOMENTUM -> {
                s.first.muli(momentum).addi(g); // m ← μ·m + g
                w.subi(s.first.mul(lr));
            }
            case ADAM, ADAM_L2, ADAMW -> {
                NDArray grad = kind == Kind.ADAM_L2 ? g.add(w.mul(Scalars.of(weightDecay))) : g;
                if (kind == Kind.ADAMW) {
                    w.muli(1 - lr * weightDecay); // decoupled decay, PyTorch's convention η·λ
                }
                s.first.muli(beta1).addi(grad.mul(Scalars.of(1 - beta1)));
                s.second.muli(beta2).addi(grad.square().mul(Scalars.of(1 - beta2)));
                double c1 = 1 - Math.pow(beta1, s.steps);
                double c2 = 1 - Math.pow(beta2, s.steps);
                NDArray denom = s.second.div(Scalars.of(c2)).sqrt().add(eps);
                w.subi(s.first.div(c1).div(denom).mul(lr));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }
}
