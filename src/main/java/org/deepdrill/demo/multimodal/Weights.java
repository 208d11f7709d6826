package org.deepdrill.demo.multimodal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable tensors of a small hand-written model, updated by DJL's Adam. Dense layers are
 * plain x·W + b so the models stay short and every shape is visible.
 */
final class Weights {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final org.deepdrill.demo.lib.train.ScopedOptimizer adam;

    Weights(NDManager manager, double learningRate) {
        this(manager, Tracker.fixed((float) learningRate));
    }

    /** Adam whose rate decays on a cosine from {@code learningRate} to a twentieth of it over {@code steps}. */
    Weights(NDManager manager, double learningRate, int steps) {
        this(manager, Tracker.cosine().setBaseValue((float) learningRate)
                .optFinalValue((float) learningRate / 20).setMaxUpdates(Math.max(1, steps)).build());
    }

    private Weights(NDManager manager, Tracker rate) {
        this(manager, rate, 0);
    }

    private Weights(NDManager manager, Tracker rate, double clip) {
        this.manager = manager;
        org.deepdrill.demo.lib.train.ScopedOptimizer a = org.deepdrill.demo.lib.train.ScopedOptimizer.adam(rate);
        this.adam = clip > 0 ? a.clipped(clip) : a;
    }

    /** Adam at a fixed rate with every gradient entry clipped to ±clip. */
    static Weights clipped(NDManager manager, double learningRate, double clip) {
        return new Weights(manager, Tracker.fixed((float) learningRate), clip);
    }

    /** A trainable tensor drawn from N(0, std²). */
    NDArray normal(String name, double std, long... shape) {
        return add(name, manager.randomNormal(0f, (float) std, new Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32));
    }

    NDArray zeros(String name, long... shape) {
        return add(name, manager.zeros(new Shape(shape)));
    }

    NDArray add(String name, NDArray a) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate weight " + name);
        }
        a.setRequiresGradient(true);
        arrays.put(name, a);
        return a;
    }

    /** Adds a dense layer in → out (He-scaled weight, zero bias). */
    void dense(String name, int in, int out) {
        normal(name + ".w", Math.sqrt(2.0 / in), in, out);
        zeros(name + ".b", out);
    }

    /** x·W + b over the last axis: (…,in) to (…,out). */
    NDArray apply(String name, NDArray x) {
        return x.matMul(get(name + ".w")).add(get(name + ".b"));
    }

    /** Registers the parameters of an initialised DJL block (e.g. MultiHeadAttention). */
    void addBlock(String prefix, Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            add(prefix + "." + p.getKey(), p.getValue().getArray());
        }
    }

    NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no weight " + name);
        }
        return a;
    }

    /** One Adam step on every tensor, from the gradients of the last backward pass. */
    void step() {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray w = e.getValue();
            try (NDArray g = w.getGradient()) {
                adam.update(e.getKey(), w, g);
            }
        }
    }

    long count() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        return n;
    }
}
