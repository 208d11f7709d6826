package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A tanh MLP held as plain arrays, with optional LoRA adapters on every weight matrix. Layer l maps
 * h (N,in) to h·W0 + b + (α/r)·h·Aᵀ·Bᵀ, with W0 (in,out) as stored, A (r,in) and B (out,r) as in
 * Hu et al. (ΔW = B·A acts on column vectors; here its transpose acts on rows). The last layer has
 * no activation.
 */
final class LoraNet {
    private final List<NDArray> weights;
    private final List<NDArray> biases;
    private final List<NDArray> a = new ArrayList<>();
    private final List<NDArray> b = new ArrayList<>();
    private double scale;

    private LoraNet(List<NDArray> weights, List<NDArray> biases) {
        this.weights = weights;
        this.biases = biases;
    }

    /** A plain network with N(0, 1/in) weights and zero biases, drawn from {@code rnd}. */
    static LoraNet create(NDManager m, int[] sizes, Random rnd) {
        List<NDArray> w = new ArrayList<>();
        List<NDArray> bias = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            w.add(gaussian(m, rnd, new Shape(sizes[l], sizes[l + 1]), 1 / Math.sqrt(sizes[l])));
            bias.add(m.zeros(new Shape(sizes[l + 1])));
        }
        return new LoraNet(w, bias);
    }

    /** A copy of this network's base weights (no adapters), trainable or frozen. */
    LoraNet copy(boolean trainable) {
        List<NDArray> w = new ArrayList<>();
        List<NDArray> bias = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            w.add(weights.get(l).duplicate());
            bias.add(biases.get(l).duplicate());
        }
        LoraNet c = new LoraNet(w, bias);
        for (NDArray p : c.base()) {
            p.setRequiresGradient(trainable);
        }
        return c;
    }

    /**
     * Adds rank-r adapters to every layer: A ~ N(0, 1/in), B = 0 (or B ~ N(0, 1/r)·bStd when
     * {@code bStd > 0}), scaled by α/r. The adapters are trainable.
     */
    void addAdapters(int rank, double alpha, double bStd, Random rnd) {
        NDManager m = weights.get(0).getManager();
        scale = alpha / rank;
        for (NDArray w : weights) {
            long in = w.getShape().get(0);
            long out = w.getShape().get(1);
            NDArray ai = gaussian(m, rnd, new Shape(rank, in), 1 / Math.sqrt(in));
            NDArray bi = bStd > 0 ? gaussian(m, rnd, new Shape(out, rank), bStd) : m.zeros(new Shape(out, rank));
            ai.setRequiresGradient(true);
            bi.setRequiresGradient(true);
            a.add(ai);
            b.add(bi);
        }
    }

    int layers() {
        return weights.size();
    }

    /** Base weights and biases, [W0, b0, W1, b1, …]. */
    List<NDArray> base() {
        List<NDArray> p = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            p.add(weights.get(l));
            p.add(biases.get(l));
        }
        return p;
    }

    /** Adapter matrices, [A0, B0, A1, B1, …] (empty without adapters). */
    List<NDArray> adapters() {
        List<NDArray> p = new ArrayList<>();
        for (int l = 0; l < a.size(); l++) {
            p.add(a.get(l));
            p.add(b.get(l));
        }
        return p;
    }

    /** Every array of the model, base first; the ones that require a gradient are the trained ones. */
    List<NDArray> all() {
        List<NDArray> p = base();
        p.addAll(adapters());
        return p;
    }

    List<NDArray> trainable() {
        return all().stream().filter(NDArray::hasGradient).toList();
    }

    /** Logits (N,C): the base path plus the adapter path in every layer. */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < layers(); l++) {
            NDArray y = h.matMul(weights.get(l)).add(biases.get(l)); // (N,out)
            if (!a.isEmpty()) {
                NDArray low = h.matMul(a.get(l).transpose()); // (N,r)
                y = y.add(low.matMul(b.get(l).transpose()).mul(Scalars.of(scale))); // (N,out)
            }
            h = l + 1 < layers() ? y.tanh() : y;
        }
        return h;
    }

    /**
     * A plain network whose weights are W0 + s·(B·A)ᵀ, frozen copies in {@code m} (a scratch manager that
     * lends this network's arrays back when it closes): the adapters
     * folded in, so inference runs one matrix per layer.
     */
    LoraNet merged(NDManager m, double s) {
        List<NDArray> w = new ArrayList<>();
        List<NDArray> bias = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            m.tempAttachAll(a.get(l), b.get(l), weights.get(l), biases.get(l)); // results and temporaries land in m
            NDArray delta = b.get(l).matMul(a.get(l)).transpose().mul(s); // (in,out)
            w.add(weights.get(l).add(delta));
            bias.add(biases.get(l).duplicate());
        }
        return new LoraNet(w, bias);
    }

    double scale() {
        return scale;
    }

    /** Trainable entries per adapted matrix summed: Σ r·(d_in + d_out), from the shapes. */
    long adapterFormula(int rank) {
        long n = 0;
        for (NDArray w : weights) {
            n += rank * (w.getShape().get(0) + w.getShape().get(1));
        }
        return n;
    }

    long baseCount() {
        long n = 0;
        for (NDArray p : base()) {
            n += p.getShape().size();
        }
        return n;
    }

    private static NDArray gaussian(NDManager m, Random rnd, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return m.create(v, shape);
    }
}
