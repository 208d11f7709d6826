package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * Linear attention with the feature map φ(x) = elu(x) + 1 (positive, so the normaliser never
 * vanishes). Replacing exp(q·k) by φ(q)·φ(k) lets the product be regrouped:
 * out_i = φ(q_i)ᵀ(Σ_j φ(k_j) v_jᵀ) / φ(q_i)ᵀ(Σ_j φ(k_j)), costing O(T·D²) instead of O(T²·D).
 * Shapes: q, k (B,H,T,D), v (B,H,T,Dv).
 */
public final class LinearAttention {
    private LinearAttention() {
    }

    public static NDArray feature(NDArray x) {
        return Activation.elu(x, 1f).add(1f);
    }

    /** Non-causal: every query sees every key. Returns (B,H,T,Dv). */
    public static NDArray forward(NDArray q, NDArray k, NDArray v) {
        NDArray fq = feature(q); // (B,H,T,D)
        NDArray fk = feature(k); // (B,H,T,D)
        NDArray kv = fk.swapAxes(-1, -2).matMul(v); // (B,H,D,Dv), the whole sequence summarised
        NDArray z = fk.sum(new int[] {2}, true); // (B,H,1,D)
        NDArray num = fq.matMul(kv); // (B,H,T,Dv)
        NDArray den = fq.mul(z).sum(new int[] {3}, true); // (B,H,T,1)
        return num.div(den);
    }

    /**
     * Causal, as prefix sums: S_i = Σ_{j≤i} φ(k_j) v_jᵀ and z_i = Σ_{j≤i} φ(k_j), so
     * out_i = φ(q_i)ᵀS_i / φ(q_i)ᵀz_i. This is the form that runs as an RNN with a D×Dv state;
     * here all prefixes are materialised at once, (B,H,T,D,Dv). Returns (B,H,T,Dv).
     */
    public static NDArray causal(NDArray q, NDArray k, NDArray v) {
        NDArray fq = feature(q); // (B,H,T,D)
        NDArray fk = feature(k); // (B,H,T,D)
        NDArray outer = fk.expandDims(4).mul(v.expandDims(3)); // (B,H,T,D,Dv)
        NDArray s = outer.cumSum(2); // (B,H,T,D,Dv)
        NDArray z = fk.cumSum(2); // (B,H,T,D)
        NDArray num = fq.expandDims(3).matMul(s).squeeze(3); // (B,H,T,Dv)
        NDArray den = fq.mul(z).sum(new int[] {3}, true); // (B,H,T,1)
        return num.div(den);
    }

    /** The same causal kernel attention written quadratically: (φ(Q)φ(K)ᵀ ⊙ M)V, row-normalised. */
    public static NDArray causalQuadratic(NDArray q, NDArray k, NDArray v) {
        int t = (int) q.getShape().get(2);
        NDManager m = q.getManager();
        NDArray a = feature(q).matMul(feature(k).swapAxes(-1, -2)); // (B,H,T,T)
        a = a.mul(Attention.causalMask(m, t)); // (B,H,T,T), zero above the diagonal
        return a.matMul(v).div(a.sum(new int[] {3}, true)); // (B,H,T,Dv)
    }
}
