package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * n residual MLP blocks x ← x + W2·gelu(W1·x + b1) + b2, held as plain arrays so a pass can run
 * over any range of blocks: the unit that gradient checkpointing recomputes. It counts the block
 * forwards it runs, so a demo can read how much recomputation a scheme really did.
 */
final class ResidualStack {
    private final List<NDArray[]> blocks = new ArrayList<>(); // per block {W1 (W,Hd), b1, W2 (Hd,W), b2}
    private long blockCalls;

    ResidualStack(NDManager m, int n, int width, int hidden) {
        for (int i = 0; i < n; i++) {
            NDArray w1 = m.randomNormal(0, (float) Math.sqrt(1.0 / width), new Shape(width, hidden), DataType.FLOAT32);
            NDArray b1 = m.zeros(new Shape(hidden));
            NDArray w2 = m.randomNormal(0, (float) Math.sqrt(0.5 / hidden / n), new Shape(hidden, width), DataType.FLOAT32);
            NDArray b2 = m.zeros(new Shape(width));
            NDArray[] p = {w1, b1, w2, b2};
            for (NDArray a : p) {
                a.setRequiresGradient(true);
            }
            blocks.add(p);
        }
    }

    int size() {
        return blocks.size();
    }

    /** Block forwards run so far, by any pass. */
    long blockCalls() {
        return blockCalls;
    }

    List<NDArray> params(int from, int to) {
        List<NDArray> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.addAll(List.of(blocks.get(i)));
        }
        return out;
    }

    /** Runs blocks [from, to) on x (B,W); every intermediate attaches to x's manager. */
    NDArray forward(NDArray x, int from, int to) {
        NDArray h = x;
        for (int i = from; i < to; i++) {
            NDArray[] p = blocks.get(i);
            NDArray a = h.matMul(p[0]).add(p[1]); // (B,Hd) saved for gelu's backward
            NDArray g = Activation.gelu(a); // (B,Hd) saved for W2's backward
            h = h.add(g.matMul(p[2]).add(p[3])); // (B,W)
            blockCalls++;
        }
        return h;
    }
}
