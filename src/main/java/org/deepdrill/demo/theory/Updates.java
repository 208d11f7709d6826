package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Plain update rules for leaf arrays trained with a GradientCollector. The caller opens a sub-manager
 * per step and temp-attaches the parameters and data to it ({@code step.tempAttachAll(...)}) before
 * the forward pass, so that every temporary dies with the step while the parameters survive. Each
 * gradient is zeroed after use: PyTorch accumulates otherwise.
 */
final class Updates {
    private Updates() {
    }

    static void sgd(double lr, NDArray... params) {
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            p.subi(g.mul(lr));
            g.subi(g);
        }
    }

    /** Adam with bias correction; one state pair (m, v) per parameter. */
    static final class Adam {
        private final NDArray[] params;
        private final NDArray[] m;
        private final NDArray[] v;
        private int t;

        Adam(NDArray... params) {
            this.params = params;
            m = new NDArray[params.length];
            v = new NDArray[params.length];
            for (int i = 0; i < params.length; i++) {
                m[i] = params[i].zerosLike();
                v[i] = params[i].zerosLike();
            }
        }

        void step(NDManager step, double lr) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < params.length; i++) {
                step.tempAttachAll(m[i], v[i]);
                NDArray g = params[i].getGradient();
                m[i].muli(0.9).addi(g.mul(0.1));
                v[i].muli(0.999).addi(g.square().mul(0.001));
                NDArray update = m[i].div(c1).div(v[i].div(c2).sqrt().add(1e-8)).mul(lr);
                params[i].subi(update);
                g.subi(g);
            }
        }
    }
}
