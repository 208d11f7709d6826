package org.deepdrill.demo.multimodal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * A real diagonal state-space layer (S4D-Real style), H channels with N states each:
 * h_t = Ā⊙h_{t−1} + B̄·u_t, y_t = Σ_n C⊙h_t + D·u_t, with zero-order-hold discretisation
 * Ā = exp(ΔA), B̄ = (Ā − 1)/A (B = 1). Two equivalent ways to run it: the recurrence (O(L) steps)
 * and a causal convolution with the kernel K_k = Σ_n C_n·B̄_n·Ā_n^k.
 */
final class DiagonalSsm {
    private final Weights w;
    private final String p;

    /** Registers the layer's tensors; Δ is drawn log-uniformly from [dtMin, dtMax]. */
    DiagonalSsm(Weights w, String prefix, NDManager m, int channels, int states, double dtMin, double dtMax) {
        this.w = w;
        this.p = prefix;
        NDArray logDt = m.randomUniform((float) Math.log(dtMin), (float) Math.log(dtMax), new Shape(channels, 1));
        w.add(p + ".logDt", logDt); // (H,1)
        float[] logNegA = new float[channels * states];
        for (int h = 0; h < channels; h++) {
            for (int n = 0; n < states; n++) {
                logNegA[h * states + n] = (float) Math.log(n + 1); // A_n = −(n+1)
            }
        }
        w.add(p + ".logNegA", m.create(logNegA, new Shape(channels, states))); // (H,N)
        w.normal(p + ".C", 0.5, channels, states); // (H,N)
        w.normal(p + ".D", 0.1, channels); // (H)
    }

    /** log Ā = ΔA, shape (H,N). */
    NDArray logAbar() {
        NDArray a = w.get(p + ".logNegA").exp().neg(); // (H,N)
        return a.mul(w.get(p + ".logDt").exp()); // (H,N)
    }

    /** B̄ = (Ā − 1)/A, shape (H,N). */
    NDArray bbar() {
        NDArray a = w.get(p + ".logNegA").exp().neg(); // (H,N)
        return logAbar().exp().sub(1).div(a);
    }

    /** The convolution kernel K (H,L): K[h,k] = Σ_n C·B̄·Ā^k. */
    NDArray kernel(int length) {
        NDManager m = w.get(p + ".C").getManager();
        NDArray k = m.arange(length).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(1, 1, length);
        NDArray powers = logAbar().expandDims(2).mul(k).exp(); // (H,N,L)
        return powers.mul(w.get(p + ".C").mul(bbar()).expandDims(2)).sum(new int[] {1}); // (H,L)
    }

    /** Convolutional view: u (B,L,H) to y (B,L,H) via a depthwise causal conv1d with the full-length kernel. */
    NDArray convolve(NDArray u) {
        long l = u.getShape().get(1);
        long h = u.getShape().get(2);
        NDArray x = u.transpose(0, 2, 1); // (B,H,L)
        NDArray weight = kernel((int) l).flip(1).reshape(h, 1, l); // (H,1,L), flipped: conv1d correlates
        NDArray bias = x.getManager().zeros(new Shape(h));
        NDArray y = Conv1d.conv1d(x, weight, bias, new Shape(1), new Shape(l - 1), new Shape(1), (int) h)
                .head(); // (B,H,2L−1)
        y = y.get(new NDIndex(":, :, 0:{}", l)); // (B,H,L): the causal part
        return y.transpose(0, 2, 1).add(u.mul(w.get(p + ".D"))); // (B,L,H)
    }

    /** Recurrent view: the same outputs, one time step at a time. */
    NDArray recur(NDArray u) {
        return recur(u, true);
    }

    /**
     * The recurrence with B̄ from zero-order hold (as the kernel uses) or, when {@code zeroOrderHold}
     * is false, from the Euler rule B̄ = Δ·B: a different discretisation that no longer matches the kernel.
     */
    NDArray recur(NDArray u, boolean zeroOrderHold) {
        long l = u.getShape().get(1);
        NDArray abar = logAbar().exp(); // (H,N)
        NDArray bbar = zeroOrderHold ? bbar() : w.get(p + ".logDt").exp().broadcast(abar.getShape()); // (H,N)
        NDArray c = w.get(p + ".C"); // (H,N)
        NDArray d = w.get(p + ".D"); // (H)
        NDArray drive = u.expandDims(3).mul(bbar); // (B,L,H,N): B̄·u_t for every t at once
        NDList inputs = drive.split(l, 1); // L × (B,1,H,N)
        NDArray state = inputs.get(0); // h_0 = B̄·u_0
        NDList states = new NDList(state);
        for (int t = 1; t < l; t++) {
            state = state.mul(abar).add(inputs.get(t)); // h_t = Ā⊙h_{t−1} + B̄·u_t
            states.add(state);
        }
        NDArray all = NDArrays.concat(states, 1); // (B,L,H,N)
        return all.mul(c).sum(new int[] {3}).add(u.mul(d)); // (B,L,H)
    }
}
