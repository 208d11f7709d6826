package org.deepdrill.demo.architectures;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The performance estimator of the NAS demo: trains a candidate for a few Adam steps and returns
 * its validation accuracy. Each architecture is trained once; a repeat reuses its stored result,
 * as tabular NAS benchmarks do. The loop is written out (no DJL {@code Trainer}), so a candidate
 * whose ReLUs are all dead simply scores at chance instead of stopping the run. It runs in float32:
 * the candidates' convolutions are written as matrix products (see {@link NasSpace.Layer}), so
 * PyTorch's float32 convolution kernel, whose input gradient came back all-NaN now and then on this
 * CPU, is never called. Non-finite gradients are still guarded against and counted.
 */
final class NasEvaluator {
    static final int SIZE = 8;
    static final int CLASSES = 8;
    private static final int BATCH = 32;

    /** One evaluation: validation accuracy, wall time and multiply-adds per image. */
    record Eval(double accuracy, double millis, long macs) {
    }

    private final DemoContext ctx;
    private final ImageArrays train;
    private final ImageArrays valid;
    private final int steps;
    private final long seed;
    private final Map<String, Eval> cache = new LinkedHashMap<>();
    private final Map<String, NasSpace.Arch> archs = new LinkedHashMap<>();
    private int retried;
    private int skipped;

    NasEvaluator(DemoContext ctx, ImageArrays train, ImageArrays valid, int steps, long seed) {
        this.ctx = ctx;
        this.train = train;
        this.valid = valid;
        this.steps = steps;
        this.seed = seed;
    }

    /** The architecture behind a key of {@link #distinct()}. */
    NasSpace.Arch arch(String key) {
        return archs.get(key);
    }

    /** Every distinct architecture trained so far, in the order of first evaluation. */
    Map<String, Eval> distinct() {
        return cache;
    }

    /** Training steps whose gradient came back non-finite and was recomputed. */
    int retried() {
        return retried;
    }

    /** Training steps skipped because the gradient stayed non-finite. */
    int skipped() {
        return skipped;
    }

    Eval evaluate(NasSpace.Arch a) {
        archs.putIfAbsent(a.key(), a);
        return cache.computeIfAbsent(a.key(), k -> train(a, 0));
    }

    /** A fresh evaluation of an architecture with other initial weights and batches (not cached). */
    Eval reevaluate(NasSpace.Arch a) {
        return train(a, 1);
    }

    private Eval train(NasSpace.Arch a, int trial) {
        long t0 = System.nanoTime();
        long s = seed * 7919L + a.key().hashCode() + 104_729L * trial;
        Engine.getInstance().setRandomSeed((int) s);
        Random rnd = new Random(s);
        try (NDManager m = ctx.manager().newSubManager()) {
            Block net = NasSpace.network(a, CLASSES);
            net.initialize(m, DataType.FLOAT32, new Shape(BATCH, 1, SIZE, SIZE));
            ScopedOptimizer adam = ScopedOptimizer.adam(0.01).clipped(1);
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < steps; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray[] b = train.sample(step, BATCH, rnd);
                    b[0] = b[0].toType(DataType.FLOAT32, false);
                    if (backward(net, ps, b, step)) {
                        for (Pair<String, Parameter> p : net.getParameters()) {
                            NDArray w = p.getValue().getArray();
                            NDArray g = w.getGradient();
                            g.attach(step);
                            adam.update(p.getValue().getId(), w, g);
                        }
                    } else {
                        skipped++;
                    }
                }
            }
            double acc = accuracy(m, net);
            long macs = BlockCost.macs(net, new Shape(1, 1, SIZE, SIZE));
            return new Eval(acc, (System.nanoTime() - t0) / 1e6, macs);
        }
    }

    /**
     * Forward and backward on one batch; true when every gradient is finite. As a guard against a
     * stray non-finite gradient, it is recomputed once; if it stays non-finite the step is skipped
     * (both are counted and shown).
     */
    private boolean backward(Block net, ParameterStore ps, NDArray[] b, NDManager step) {
        for (int attempt = 0; attempt < 2; attempt++) {
            zeroGradients(net);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(ps, new NDList(b[0]), true).head(); // (B,K)
                NDArray loss = logits.logSoftmax(1).mul(b[1].oneHot(CLASSES)).sum(new int[] {1}).neg().mean();
                gc.backward(loss);
                ctx.checkFinite("loss", loss.getFloat());
            }
            if (finite(net, step)) {
                return true;
            }
            retried++;
        }
        return false;
    }

    private static boolean finite(Block net, NDManager step) {
        double total = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            g.attach(step);
            total += g.abs().sum().getFloat();
        }
        return Double.isFinite(total);
    }

    /**
     * Backward adds into the gradient buffers, so they are zeroed before every pass (also before the
     * first, when a fresh buffer has never been written).
     */
    private static void zeroGradients(Block net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().getArray() instanceof PtNDArray w) {
                JniUtils.zeroGrad(w);
            }
        }
    }

    private double accuracy(NDManager parent, Block net) {
        try (NDManager m = parent.newSubManager()) {
            NDArray[] b = valid.slice(m, 0, valid.count());
            NDArray pred = net.forward(new ParameterStore(m, false), new NDList(b[0].toType(DataType.FLOAT32, false)), false).head().argMax(1);
            return pred.toType(DataType.INT32, false).eq(b[1].toType(DataType.INT32, false)).sum().getLong()
                    / (double) valid.count();
        }
    }
}
