package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.nio.FloatBuffer;
import java.util.List;

/** Measurements on a TCN's per-step features: the causality check and the receptive field. */
final class TcnProbe {
    private TcnProbe() {
    }

    /**
     * Adds noise to every input after position {@code t} and returns, for each position, the largest
     * change in the per-step features. Positions ≤ t must not change in a causal network. x (B,T,V).
     */
    static double[] changeAfterPerturbing(TcnForecaster tcn, NDManager m, NDArray x, int t) {
        ParameterStore ps = new ParameterStore(m, false);
        long len = x.getShape().get(1);
        NDArray before = tcn.features(ps, x, false); // (B,T,C)
        NDArray noise = m.randomNormal(new Shape(x.getShape().get(0), len - t - 1, x.getShape().get(2)));
        NDArray x2 = x.duplicate();
        x2.set(new NDIndex(":, {}:, :", t + 1), x.get(new NDIndex(":, {}:, :", t + 1)).add(noise));
        NDArray after = tcn.features(ps, x2, false); // (B,T,C)
        float[] change = after.sub(before).abs().max(new int[] {2}).max(new int[] {0}).toFloatArray(); // (T,)
        double[] out = new double[change.length];
        for (int i = 0; i < change.length; i++) {
            out[i] = change[i];
        }
        return out;
    }

    /**
     * Counts the input positions that influence the last output, from the gradient of the last step's
     * features with respect to the input. A gradient is used rather than a finite bump because the
     * influence of the oldest inputs passes through every layer's outermost tap and is far below
     * float rounding of the output, yet its gradient is an ordinary nonzero number.
     */
    static int inputsSeenByLastStep(TcnForecaster tcn, NDManager m, int variables, int length) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray x = m.randomNormal(new Shape(4, length, variables)); // (4,L,V)
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray last = tcn.features(ps, x, false).get(new NDIndex(":, -1, :")); // (4,C)
            gc.backward(last.sum());
        }
        float[] g = x.getGradient().abs().sum(new int[] {2}).sum(new int[] {0}).toFloatArray(); // (L,)
        int count = 0;
        for (float v : g) {
            if (v > 0) {
                count++;
            }
        }
        return count;
    }

    /** Copies every parameter value from one network to another of the same structure. */
    static void copyWeights(TcnForecaster from, TcnForecaster to) {
        List<Pair<String, Parameter>> src = from.getParameters().stream().toList();
        List<Pair<String, Parameter>> dst = to.getParameters().stream().toList();
        for (int i = 0; i < src.size(); i++) {
            float[] values = src.get(i).getValue().getArray().toFloatArray();
            dst.get(i).getValue().getArray().set(FloatBuffer.wrap(values));
        }
    }
}
