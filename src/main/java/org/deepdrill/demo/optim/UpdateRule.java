package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Optimiser update rules written with in-place NDArray operations, so that every variant (SGD,
 * heavy-ball momentum, Adam, Adam with L2 in the gradient, AdamW) runs the same way.
 * State arrays live in each parameter's manager; gradients may come from a per-step sub-manager.
 */
public final class UpdateRule {
    public enum Kind { SGD, MOMENTUM, ADAM, ADAM_L2, ADAMW }

    private final Kind kind;
    private final double momentum;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private int step;

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

    /** Updates every parameter in place with its gradient at learning rate lr. */
    public void apply(List<NDArray> params, List<NDArray> grads, double lr) {
        if (first.isEmpty()) {
            for (NDArray p : params) {
                first.add(p.zerosLike());
                second.add(p.zerosLike());
            }
        }
        step++;
        for (int i = 0; i < params.size(); i++) {
            update(params.get(i), grads.get(i), first.get(i), second.get(i), lr);
        }
    }

    private void update(NDArray w, NDArray g, NDArray m, NDArray v, double lr) {
        // Results attach to their first operand's manager, which for w, m and v lives as long as
        // the model: borrow all four for a scratch manager so the temporaries die here.
        try (NDManager scratch = w.getManager().newSubManager()) {
            scratch.tempAttachAll(w, g, m, v);
            updateInPlace(w, g, m, v, lr);
        }
    }

    private void updateInPlace(NDArray w, NDArray g, NDArray m, NDArray v, double lr) {
        switch (kind) {
            case SGD -> w.subi(g.mul(org.deepdrill.demo.Scalars.of(lr)));
            case MOMENTUM -> {
                m.muli(momentum).addi(g); // m ← μ·m + g
                w.subi(m.mul(org.deepdrill.demo.Scalars.of(lr)));
            }
            case ADAM, ADAM_L2, ADAMW -> {
                NDArray grad = kind == Kind.ADAM_L2 ? g.add(w.mul(org.deepdrill.demo.Scalars.of(weightDecay))) : g;
                if (kind == Kind.ADAMW) {
                    w.muli(1 - lr * weightDecay); // decoupled decay, PyTorch's convention η·λ
                }
                m.muli(beta1).addi(grad.mul(org.deepdrill.demo.Scalars.of(1 - beta1)));
                v.muli(beta2).addi(grad.square().mul(org.deepdrill.demo.Scalars.of(1 - beta2)));
                double c1 = 1 - Math.pow(beta1, step);
                double c2 = 1 - Math.pow(beta2, step);
                NDArray denom = v.div(org.deepdrill.demo.Scalars.of(c2)).sqrt().add(eps);
                w.subi(m.div(c1).div(denom).mul(lr));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }
}
