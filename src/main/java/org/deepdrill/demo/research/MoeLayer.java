package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * A mixture-of-experts classifier: a linear router, top-k gating, E two-layer experts and a
 * per-expert capacity. For clarity every expert runs on every token (batched over E) and the gate
 * zeroes what was not routed; the cost figures count only the routed work, as a real dispatch does.
 */
final class MoeLayer {
    final AdamState adam = new AdamState();
    final int experts;
    final int topK;
    final double capacityFactor;
    private final int in;
    private final int hidden;
    private final int out;

    /** What one forward pass produced. */
    record Output(NDArray logits, NDArray aux, NDArray routed, NDArray kept, NDArray top1) {
    }

    MoeLayer(NDManager m, int in, int hidden, int out, int experts, int topK, double capacityFactor) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.experts = experts;
        this.topK = topK;
        this.capacityFactor = capacityFactor;
        adam.add(m.randomNormal(0, 0.01f, new Shape(in, experts), DataType.FLOAT32)); // router (d,E)
        adam.add(m.randomNormal(0, (float) Math.sqrt(2.0 / in), new Shape(experts, in, hidden), DataType.FLOAT32)); // (E,d,h)
        adam.add(m.zeros(new Shape(experts, 1, hidden))); // (E,1,h)
        adam.add(m.randomNormal(0, (float) Math.sqrt(1.0 / hidden), new Shape(experts, hidden, out), DataType.FLOAT32)); // (E,h,C)
        adam.add(m.zeros(new Shape(experts, 1, out))); // (E,1,C)
    }

    Output forward(NDArray x) {
        long b = x.getShape().get(0);
        NDArray probs = x.matMul(adam.get(0)).softmax(-1); // (B,E)
        NDList top = probs.topK(topK, -1, true, true);
        NDArray routed = top.get(1).oneHot(experts).sum(new int[] {1}); // (B,E) 1 where routed
        NDArray top1 = top.get(1).get(":, 0").oneHot(experts); // (B,E)
        // Capacity: an expert takes at most ⌈cf·k·B/E⌉ tokens, first come first served.
        long capacity = (long) Math.ceil(capacityFactor * topK * b / experts);
        NDArray position = routed.cumSum(0); // (B,E) running count per expert
        NDArray kept = routed.mul(position.lte(capacity).toType(DataType.FLOAT32, false)); // (B,E)
        NDArray gate = probs.mul(routed); // (B,E)
        if (topK > 1) {
            gate = gate.div(gate.sum(new int[] {1}, true)); // renormalise over the chosen experts
        }
        gate = gate.mul(kept); // dropped tokens get no expert output
        NDArray h = Activation.relu(x.matMul(adam.get(1)).add(adam.get(2))); // (E,B,h)
        NDArray y = h.matMul(adam.get(3)).add(adam.get(4)).transpose(1, 0, 2); // (B,E,C)
        NDArray logits = y.mul(gate.expandDims(2)).sum(new int[] {1}); // (B,C)
        // Switch-style balance loss: E · Σ_e f_e · P̄_e with f from the top-1 choice (no gradient).
        NDArray f = top1.mean(new int[] {0}); // (E)
        NDArray pMean = probs.mean(new int[] {0}); // (E)
        NDArray aux = f.mul(pMean).sum().mul(experts);
        return new Output(logits, aux, routed, kept, top1);
    }

    long totalParams() {
        return (long) in * experts + (long) experts * (in * hidden + hidden + hidden * out + out);
    }

    /** Multiply-adds per token: router plus k experts. */
    long activeMacs() {
        return (long) in * experts + (long) topK * (in * hidden + hidden * out);
    }
}
