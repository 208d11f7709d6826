package org.deepdrill.demo.multimodal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.deepdrill.demo.lib.train.Scalars;

/** A velocity field v(x, t), t ∈ [0, 1]: an MLP on [x, sinusoidal features of t], and its Euler sampler. */
final class VelocityField {
    private static final int TIME_FEATURES = 16;
    private final Weights w;
    private final NDArray freqs; // (F/2)

    VelocityField(NDManager m, int hidden, double lr, int steps) {
        w = new Weights(m, lr, steps);
        w.dense("in", 2 + TIME_FEATURES, hidden);
        w.dense("h1", hidden, hidden);
        w.dense("h2", hidden, hidden);
        w.dense("out", hidden, 2);
        float[] f = new float[TIME_FEATURES / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.pow(100.0, i / (double) (f.length - 1)); // 1 to 100 rad per unit of t
        }
        freqs = m.create(f);
    }

    /** v(x, t) for (B,2) points and (B,1) times. */
    NDArray apply(NDArray x, NDArray t) {
        NDArray phase = t.mul(freqs.reshape(1, -1)); // (B,F/2)
        NDArray h = NDArrays.concat(new NDList(x, phase.sin(), phase.cos()), 1); // (B,2+F)
        h = silu(w.apply("in", h)); // (B,H)
        h = silu(w.apply("h1", h));
        h = silu(w.apply("h2", h));
        return w.apply("out", h); // (B,2)
    }

    void step() {
        w.step();
    }

    long parameters() {
        return w.count();
    }

    private static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** An Euler path: its end point, and per point the straight-line distance over the path length. */
    record Path(NDArray end, NDArray straightness) {
    }

    /**
     * Integrates dx/dt = v(x, t) from x0 in K equal Euler steps, t from 0 to 1, or, when
     * {@code reversed}, evaluating v at t from 1 down to 0 while still stepping forward by +1/K.
     * The results belong to {@code m}.
     */
    Path euler(NDManager m, NDArray x0, int k, boolean reversed) {
        long n = x0.getShape().get(0);
        NDArray x = x0.duplicate();
        x.attach(m);
        NDArray length = m.zeros(new Shape(n)); // (n)
        double dt = 1.0 / k;
        for (int i = 0; i < k; i++) {
            double t = reversed ? 1 - i * dt : i * dt;
            try (NDManager s = m.newSubManager()) {
                x.attach(s);
                length.attach(s);
                NDArray tt = s.full(new Shape(n, 1), (float) t); // (n,1)
                NDArray dx = apply(x, tt).mul(Scalars.of(dt)); // (n,2)
                NDArray nextX = x.add(dx);
                NDArray nextLength = length.add(dx.square().sum(new int[] {1}).sqrt());
                nextX.attach(m);
                nextLength.attach(m);
                x = nextX;
                length = nextLength;
            }
        }
        NDArray chord = x.sub(x0).square().sum(new int[] {1}).sqrt(); // (n)
        NDArray ratio = chord.div(length.add(Scalars.of(1e-9)));
        return new Path(x, ratio);
    }
}
