package org.deepdrill.demo.applied;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoFailedException;
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.nio.FloatBuffer;
import java.util.Random;

/** Trains one forecaster with Adam on random training windows (MSE on standardised values). */
final class ForecastTrainer implements AutoCloseable {
    private final Model model;
    private final Trainer trainer;
    private int skipped;

    ForecastTrainer(DemoContext ctx, String name, Block block, ForecastData data, int batch, double lr) {
        this.model = Model.newInstance(name, ctx.device());
        model.setBlock(block);
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(ScopedOptimizer.adam(lr).clipped(1)).optDevices(new Device[] {ctx.device()}));
        trainer.initialize(new Shape(batch, data.window, data.variables));
    }

    /** Runs the steps, plotting the smoothed training MSE on a live chart. */
    void train(DemoContext ctx, ForecastData data, String series, String chartId, int steps, int batch, Random rnd,
               int[] progress) {
        double smooth = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            try (NDManager m = ctx.manager().newSubManager()) {
                int[] origins = data.trainOrigins(rnd, batch);
                NDArray x = data.inputs(m, origins); // (B,W,V)
                NDArray y = data.targets(m, origins); // (B,H,V)
                NDArray loss;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray pred = trainer.forward(new NDList(x)).head(); // (B,H,V)
                    loss = pred.sub(y).square().mean();
                    gc.backward(loss);
                }
                double l = loss.getFloat();
                if (Double.isFinite(l) && gradientsFinite(m)) {
                    trainer.step();
                } else {
                    zeroGradients(m);
                    skip(series, steps);
                }
                if (Double.isFinite(l) && (step % 5 == 0 || step == 1)) {
                    smooth = Double.isNaN(smooth) ? l : 0.7 * smooth + 0.3 * l;
                    ctx.point(chartId, series, step, smooth);
                }
            }
            progress[0]++;
            if (step % 10 == 0) {
                ctx.progress(progress[0], progress[1], "training " + series);
            }
        }
    }

    /**
     * Steps skipped because the loss or a gradient was NaN or infinite. On this DJL/PyTorch CPU build
     * the attention blocks now and then return a NaN gradient although the loss is finite, and not
     * reproducibly; one such step would poison Adam's state, so it is dropped and counted.
     */
    int skippedSteps() {
        return skipped;
    }

    private void skip(String series, int steps) {
        skipped++;
        if (skipped > Math.max(3, steps / 10)) {
            throw new DemoFailedException(series + ": " + skipped + " training steps gave a NaN or infinite loss or "
                    + "gradient. The model diverged: try a smaller learning rate, fewer steps or a less noisy series.");
        }
    }

    /** One sum over every gradient, read once; the temporaries are borrowed by a scratch manager. */
    private boolean gradientsFinite(NDManager scratch) {
        double total = 0;
        NDArray sum = null;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(scratch);
                NDArray s = g.sum();
                sum = sum == null ? s : sum.add(s);
            }
        }
        if (sum != null) {
            total = sum.getFloat();
        }
        return Double.isFinite(total);
    }

    private void zeroGradients(NDManager scratch) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(scratch);
                g.set(FloatBuffer.wrap(new float[(int) g.size()])); // overwrite: NaN·0 would stay NaN
            }
        }
    }

    /** Forward pass without training mode; the arrays belong to {@code m}. */
    NDList predict(NDManager m, ForecastData data, int[] origins) {
        NDArray x = data.inputs(m, origins);
        return trainer.evaluate(new NDList(x));
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
