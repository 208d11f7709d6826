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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import org.deepdrill.demo.LegacyContext;

import java.nio.FloatBuffer;
import java.util.Random;

/** Trains one forecaster with Adam on random training windows (MSE on standardised values). */
final class ForecastTrainer implements AutoCloseable {
    private final Model model;
    private final Trainer trainer;
    private int skipped;

    ForecastTrainer(LegacyContext ctx, String name, Block block, ForecastData data, int batch, double lr) {
        this.model = Model.newInstance(name, ctx.device());
        model.setBlock(block);
        Optimizer adam = org.deepdrill.demo.lib.train.ScopedOptimizer.adam(lr).clipped(1);
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                .optDevices(new Device[] {ctx.device()}));
        trainer.initialize(new Shape(batch, data.window, data.variables));
    }

    Trainer trainer() {
        return trainer;
    }

    /** Runs the steps, plotting the training MSE on a live chart; returns the last smoothed loss. */
    double train(LegacyContext ctx, ForecastData data, String series, String chartId, int steps, int batch,
                 Random rnd, int[] progress) {
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
                if (gradientsFinite()) {
                    trainer.step();
                } else {
                    zeroGradients();
                    skipped++;
                }
                if (step % 5 == 0 || step == 1) {
                    double l = ctx.checkFinite(series + " loss", loss.getFloat());
                    smooth = Double.isNaN(smooth) ? l : 0.7 * smooth + 0.3 * l;
                    ctx.point(chartId, series, step, smooth);
                }
            }
            progress[0]++;
            if (step % 10 == 0) {
                ctx.progress(progress[0], progress[1], "training " + series);
            }
        }
        return smooth;
    }

    /**
     * Steps skipped because a gradient was NaN or infinite. On this DJL/PyTorch CPU build the
     * attention blocks now and then return a NaN gradient on the query/key path although the loss is
     * finite, and not reproducibly; one such step would poison Adam's state, so it is dropped and counted.
     */
    int skippedSteps() {
        return skipped;
    }

    private boolean gradientsFinite() {
        double total = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                total += p.getValue().getArray().getGradient().sum().getFloat();
            }
        }
        return Double.isFinite(total);
    }

    private void zeroGradients() {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
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
