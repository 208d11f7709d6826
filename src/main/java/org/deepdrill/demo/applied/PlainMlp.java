package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A ReLU MLP in->hidden->hidden->out as leaf arrays, He-initialised from a seeded Random. */
final class PlainMlp {
    private final List<NDArray> params = new ArrayList<>();

    PlainMlp(NDManager m, int in, int hidden, int out, Random rnd) {
        int[][] shapes = {{in, hidden}, {hidden, hidden}, {hidden, out}};
        for (int[] s : shapes) {
            float[] w = new float[s[0] * s[1]];
            double std = Math.sqrt(2.0 / s[0]);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * std);
            }
            params.add(m.create(w, new Shape(s[0], s[1])));
            params.add(m.zeros(new Shape(1, s[1])));
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
    }

    List<NDArray> params() {
        return params;
    }

    /**
     * One update by {@code rule}, then the gradients are zeroed (PyTorch would accumulate). Runs with
     * the parameters in their own manager, where the rule keeps its moments.
     */
    void step(NDManager m, UpdateRule rule, double lr) {
        try (NDManager upd = m.newSubManager()) {
            rule.step(params, lr, upd);
        }
    }

    /** x (N,in) → logits (N,out). */
    NDArray forward(NDArray x) {
        NDArray h = Activation.relu(x.matMul(params.get(0)).add(params.get(1)));
        h = Activation.relu(h.matMul(params.get(2)).add(params.get(3)));
        return h.matMul(params.get(4)).add(params.get(5));
    }
}
