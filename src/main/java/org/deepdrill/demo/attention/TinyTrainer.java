package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns a block's parameters and updates them with Adam written in NDArray operations, so the
 * update rule is visible and no Model/Trainer bookkeeping is needed for a few hundred steps.
 * Usage per step: forward under a GradientCollector, backward, then {@link #update()}.
 */
final class TinyTrainer implements AutoCloseable {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;
    private final float lr;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> mean = new ArrayList<>();
    private final List<NDArray> square = new ArrayList<>();
    private int steps;

    TinyTrainer(Block block, NDManager parent, Shape input, float lr) {
        this.block = block;
        this.manager = parent.newSubManager();
        this.lr = lr;
        block.initialize(manager, DataType.FLOAT32, input);
        this.store = new ParameterStore(manager, false);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray w = p.getValue().getArray();
                weights.add(w);
                mean.add(manager.zeros(w.getShape()));
                square.add(manager.zeros(w.getShape()));
            }
        }
    }

    NDList forward(NDList inputs, boolean training) {
        return block.forward(store, inputs, training);
    }

    /** Trainable parameters (entries of the arrays that get gradients). */
    long parameterCount() {
        return weights.stream().mapToLong(NDArray::size).sum();
    }

    /** One Adam step from the gradients of the last backward pass, then clears them. */
    void update() {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        for (int i = 0; i < weights.size(); i++) {
            NDArray w = weights.get(i);
            NDArray m = mean.get(i);
            NDArray v = square.get(i);
            try (NDManager s = manager.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(s); // the handle, not the gradient buffer
                m.tempAttach(s);
                v.tempAttach(s);
                m.muli(BETA1).addi(g.mul(org.deepdrill.demo.lib.train.Scalars.of(1 - BETA1))); // m ← β1·m + (1−β1)·g
                v.muli(BETA2).addi(g.square().mul(org.deepdrill.demo.lib.train.Scalars.of(1 - BETA2))); // v ← β2·v + (1−β2)·g²
                NDArray step = m.div(c1).div(v.div(c2).sqrt().add(EPS)).mul(lr);
                w.subi(step);
                g.subi(g); // gradients accumulate across backward passes: clear them
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
