package org.deepdrill.demo.architectures;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.train.ScopedOptimizer;

/**
 * A block trained as a classifier with softmax cross-entropy: backward, update, evaluate.
 *
 * <p>By default the model runs in float32. A demo may ask for float64: on some CPUs (seen on an
 * AVX-512 AMD EPYC) PyTorch 2.5's float32 convolutions, which go through oneDNN, start returning
 * NaN after some backward passes through deep unnormalised stacks; float64 convolutions take
 * PyTorch's own path and stay clean. Batches are converted to the model's type on the way in.
 */
final class Classifier implements AutoCloseable {
    private final DataType type;
    private final Optimizer optimizer;
    private final Model model;
    private final Trainer trainer;
    private final Block block;
    private final int classes;

    Classifier(String name, Block block, Device device, Shape input, int classes, Optimizer optimizer,
               Initializer weightInit) {
        this(name, block, device, input, classes, optimizer, weightInit, DataType.FLOAT32);
    }

    Classifier(String name, Block block, Device device, Shape input, int classes, Optimizer optimizer,
               Initializer weightInit, DataType type) {
        this.block = block;
        this.classes = classes;
        this.type = type;
        this.optimizer = optimizer;
        model = Model.newInstance(name, device);
        model.setDataType(type);
        model.setBlock(block);
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer)
                .optDevices(new Device[] {device});
        if (weightInit != null) {
            cfg.optInitializer(weightInit, Parameter.Type.WEIGHT);
        }
        trainer = model.newTrainer(cfg);
        trainer.initialize(input);
        clearGradients(block);
    }

    /**
     * Writes zeros into every gradient buffer. DJL zeroes gradients by subtracting them from
     * themselves, which keeps any NaN or ∞ a fresh, never-written buffer may hold; writing zeros does not.
     */
    static void clearGradients(Block block) {
        for (ai.djl.util.Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                NDArray g = a.getGradient(); // a view of the live gradient
                int n = Math.toIntExact(g.size());
                if (g.getDataType() == DataType.FLOAT64) {
                    g.set(java.nio.DoubleBuffer.wrap(new double[n]));
                } else {
                    g.set(java.nio.FloatBuffer.wrap(new float[n]));
                }
            }
        }
    }

    /** Adam with each gradient element clipped to ±1, a guard against a rare blow-up in these unnormalised nets. */
    static Optimizer adam(double lr) {
        return ScopedOptimizer.adam(lr).clipped(1);
    }

    static Optimizer sgd(double lr, double momentum) {
        return ScopedOptimizer.sgd(lr, momentum).clipped(1);
    }

    /** The precision of the model's parameters and of the batches it is fed. */
    DataType type() {
        return type;
    }

    Block block() {
        return block;
    }

    /** Mean cross-entropy of logits (B,K) against int labels (B). */
    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        NDArray logp = logits.logSoftmax(1); // (B,K)
        return logp.mul(labels.oneHot(classes)).sum(new int[] {1}).neg().mean();
    }

    /** Forward and backward on one batch; gradients are left in the parameters until {@link #update()}. */
    double backward(NDArray x, NDArray y) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(x.toType(type, false))).head(); // (B,K)
            NDArray loss = crossEntropy(logits, y, classes);
            gc.backward(loss);
            return loss.toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Applies the optimizer and clears the gradients. In float64 each parameter goes straight to
     * the optimizer, since DJL's {@code Trainer.step} reads its first gradients as float32 and throws.
     */
    void update() {
        if (type == DataType.FLOAT32) {
            trainer.step();
            return;
        }
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            for (ai.djl.util.Pair<String, Parameter> p : block.getParameters()) {
                Parameter param = p.getValue();
                if (!param.requiresGradient()) {
                    continue;
                }
                NDArray w = param.getArray();
                NDArray g = w.getGradient(); // a new handle on the live gradient: closed with scratch
                g.attach(scratch);
                optimizer.update(param.getId(), w, g);
            }
        }
    }

    double step(NDArray x, NDArray y) {
        double loss = backward(x, y);
        update();
        return loss;
    }

    /** Logits in inference ({@code training=false}) or training mode, without recording gradients. */
    NDArray logits(NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x.toType(type, false)), training).head();
    }

    /** Accuracy on a whole set, in chunks of {@code chunk} images. */
    double accuracy(NDManager parent, ImageArrays data, int chunk, boolean training) {
        long correct = 0;
        for (int from = 0; from < data.count(); from += chunk) {
            try (NDManager m = parent.newSubManager()) {
                NDArray[] b = data.slice(m, from, Math.min(data.count(), from + chunk));
                NDArray pred = logits(m, b[0], training).argMax(1).toType(DataType.INT32, false);
                correct += pred.eq(b[1].toType(DataType.INT32, false)).sum().getLong();
            }
        }
        return correct / (double) data.count();
    }

    static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
