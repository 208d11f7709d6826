package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.List;
import java.util.Random;

/**
 * A two-hidden-layer MLP with softmax cross-entropy, written as plain NDArray code over one flat
 * parameter vector θ. The loss runs on R parameter vectors at once, so central differences for all
 * P parameters cost two batched forward passes; a hand-written backward pass applies the chain rule
 * layer by layer.
 */
final class TinyMlp {
    static final String[] NAMES = {"W1", "b1", "W2", "b2", "W3", "b3"};

    final int in;
    final int hidden;
    final int out;
    final Act act;
    private final int[][] shapes;
    private final int[] offsets;
    final int size;

    TinyMlp(int in, int hidden, int out, Act act) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.act = act;
        shapes = new int[][] {{in, hidden}, {hidden}, {hidden, hidden}, {hidden}, {hidden, out}, {out}};
        offsets = new int[shapes.length + 1];
        for (int i = 0; i < shapes.length; i++) {
            offsets[i + 1] = offsets[i] + count(shapes[i]);
        }
        size = offsets[shapes.length];
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    int offset(int tensor) {
        return offsets[tensor];
    }

    int length(int tensor) {
        return offsets[tensor + 1] - offsets[tensor];
    }

    String shapeText(int tensor) {
        int[] s = shapes[tensor];
        return s.length == 1 ? "(" + s[0] + ")" : "(" + s[0] + "×" + s[1] + ")";
    }

    /** Weights N(0, 1/fan_in); biases N(0, 0.1²) so that their gradients are exercised too. */
    double[] init(Random rnd) {
        double[] theta = new double[size];
        for (int t = 0; t < shapes.length; t++) {
            double std = shapes[t].length == 2 ? 1 / Math.sqrt(shapes[t][0]) : 0.1;
            for (int i = offsets[t]; i < offsets[t + 1]; i++) {
                theta[i] = rnd.nextGaussian() * std;
            }
        }
        return theta;
    }

    /** The slice of a (R,P) block of parameter rows that holds one tensor, shaped (R, ...). */
    private NDArray slice(NDArray rows, int t) {
        long r = rows.getShape().get(0);
        NDArray flat = rows.get(":, " + offsets[t] + ":" + offsets[t + 1]); // (R, n_t)
        return shapes[t].length == 2 ? flat.reshape(r, shapes[t][0], shapes[t][1]) : flat.reshape(r, 1, shapes[t][0]);
    }

    /** Mean cross-entropy for each of R parameter rows: θ (R,P), x (B,in), y one-hot (B,out) → (R). */
    NDArray loss(NDArray rows, NDArray x, NDArray y) {
        NDArray a = x.expandDims(0); // (1,B,in)
        for (int layer = 0; layer < 3; layer++) {
            NDArray z = a.matMul(slice(rows, 2 * layer)).add(slice(rows, 2 * layer + 1)); // (R,B,width)
            a = layer < 2 ? act.apply(z) : z;
        }
        NDArray logp = a.logSoftmax(-1); // (R,B,out)
        return logp.mul(y).sum(new int[] {1, 2}).neg().div(x.getShape().get(0)); // (R)
    }

    /**
     * Reverse-mode gradient by hand, θ (P) → gradient (P). With {@code bug} set, the first hidden
     * layer forgets its activation derivative, a classic slip that a gradient check must catch.
     */
    NDArray manualGradient(NDArray theta, NDArray x, NDArray y, boolean bug) {
        NDArray rows = theta.reshape(1, size);
        NDArray[] p = new NDArray[6];
        for (int t = 0; t < 6; t++) {
            p[t] = slice(rows, t).squeeze(0); // weights (fan_in,fan_out), biases (1,fan_out)
        }
        long b = x.getShape().get(0);
        NDArray z1 = x.matMul(p[0]).add(p[1]); // (B,H)
        NDArray a1 = act.apply(z1);
        NDArray z2 = a1.matMul(p[2]).add(p[3]); // (B,H)
        NDArray a2 = act.apply(z2);
        NDArray z3 = a2.matMul(p[4]).add(p[5]); // (B,out)

        NDArray dz3 = z3.softmax(-1).sub(y).div(b); // ∂L/∂z3 = (p − y)/B, (B,out)
        NDArray dW3 = a2.transpose().matMul(dz3); // (H,out)
        NDArray db3 = dz3.sum(new int[] {0}); // (out)
        NDArray dz2 = dz3.matMul(p[4].transpose()).mul(act.derivative(z2, a2)); // (B,H)
        NDArray dW2 = a1.transpose().matMul(dz2);
        NDArray db2 = dz2.sum(new int[] {0});
        NDArray da1 = dz2.matMul(p[2].transpose()); // (B,H)
        NDArray dz1 = bug ? da1 : da1.mul(act.derivative(z1, a1));
        NDArray dW1 = x.transpose().matMul(dz1); // (in,H)
        NDArray db1 = dz1.sum(new int[] {0});
        NDList parts = new NDList();
        for (NDArray g : List.of(dW1, db1, dW2, db2, dW3, db3)) {
            parts.add(g.reshape(-1));
        }
        return ai.djl.ndarray.NDArrays.concat(parts);
    }

    /** Central differences for every parameter at once: 2P rows θ ± h·e_i in one batched pass. */
    NDArray centralDifferences(NDManager m, double[] theta, double h, DataType type, NDArray x, NDArray y) {
        return differences(m, theta, h, type, x, y, true);
    }

    /** Central (f(θ+h) − f(θ−h))/2h, or one-sided (f(θ+h) − f(θ))/h, for every parameter in one pass. */
    NDArray differences(NDManager m, double[] theta, double h, DataType type, NDArray x, NDArray y, boolean central) {
        NDArray base = m.create(theta).reshape(1, size).toType(type, false); // (1,P)
        NDArray eye = m.eye(size).toType(type, false).mul(h); // (P,P)
        NDArray plus = loss(base.add(eye), x, y); // (P)
        if (!central) {
            return plus.sub(loss(base, x, y)).div(h).toType(DataType.FLOAT64, false);
        }
        NDArray minus = loss(base.sub(eye), x, y); // (P)
        return plus.sub(minus).div(2 * h).toType(DataType.FLOAT64, false);
    }
}
