package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.train.Scalars;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;

/**
 * One mixed-precision training loop: fp32 master weights, a low-precision copy per step for the
 * forward and backward pass, the loss multiplied by a dynamic scale S, gradients unscaled in fp32,
 * steps with inf/NaN gradients skipped and S halved, S doubled after 100 clean steps.
 */
final class Mixed {
    private static final int GROWTH_INTERVAL = 100;

    private Mixed() {
    }

    /** finalScale is 0 for a run without loss scaling; scaleLog2 holds log2 S per step. */
    record Result(double accuracy, double loss, double zeroFraction, int skipped, double finalScale, double[] scaleLog2) {
    }

    /** Without {@code scaling}, S stays 1; with it, S starts at 2^scaleLog2 and is adjusted dynamically. */
    static Result train(DemoContext ctx, ImageData train, ImageData test, int steps, double alpha, long seed,
                        DataType type, boolean scaling, int scaleLog2, String series) {
        NDManager m = ctx.manager();
        RawMlp net = RawMlp.create(m, new int[] {64, 128, 128, 8}, seed);
        List<NDArray> master = net.params();
        UpdateRule adam = UpdateRule.adam(1e-8 * alpha); // ε scaled with α: the same run as plain Adam on the unweighted loss
        boolean dynamic = scaling;
        double scale = dynamic ? Math.pow(2, scaleLog2) : 1;
        int clean = 0;
        int skipped = 0;
        long zeros = 0;
        long total = 0;
        double[] scales = new double[steps];
        for (int s = 0; s < steps; s++) {
            try (NDManager sm = m.newSubManager()) {
                // Borrowed for the step: batches, activations and test evaluations derived from
                // these arrays then attach to sm and are freed with it.
                sm.tempAttachAll(train.x(), train.y(), test.x(), test.y());
                List<NDArray> low = new ArrayList<>();
                for (NDArray p : master) {
                    // the per-step low-precision copy (toType to the same dtype does not give a usable copy: duplicate)
                    NDArray c = type == DataType.FLOAT32 ? p.duplicate() : p.toType(type, false);
                    c.attach(sm);
                    c.setRequiresGradient(true);
                    low.add(c);
                }
                ImageData b = train.slice(s * 64, 64);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = RawMlp.forward(b.x().toType(type, false), low); // (64,8) in `type`
                    NDArray loss = RawMlp.crossEntropy(logits, b.y()).mul(Scalars.of(alpha * scale)); // fp32 scalar
                    gc.backward(loss);
                }
                List<NDArray> grads = new ArrayList<>();
                boolean finite = true;
                for (NDArray c : low) {
                    NDArray g = c.getGradient().toType(DataType.FLOAT32, false); // gradients in `type`, widened
                    g.attach(sm);
                    zeros += g.eq(0).sum().getLong();
                    total += g.getShape().size();
                    finite &= !g.isInfinite().any().getBoolean() && !g.isNaN().any().getBoolean();
                    grads.add(g.div(Scalars.of(scale)));
                }
                if (finite) {
                    adam.apply(master, grads, 3e-3);
                    clean++;
                    if (dynamic && clean % GROWTH_INTERVAL == 0) {
                        scale *= 2;
                    }
                } else {
                    skipped++;
                    clean = 0;
                    if (dynamic) {
                        scale /= 2;
                    }
                }
                scales[s] = Math.log(scale) / Math.log(2);
                if (s % 10 == 9 || s == steps - 1) {
                    double tl = RawMlp.crossEntropy(RawMlp.forward(test.x(), master), test.y()).getFloat();
                    ctx.point("train", series, s + 1, ctx.checkFinite(series + " test loss", tl));
                }
            }
        }
        try (NDManager sm = m.newSubManager()) {
            sm.tempAttachAll(test.x(), test.y());
            NDArray logits = RawMlp.forward(test.x(), master);
            return new Result(RawMlp.accuracy(logits, test.y()), RawMlp.crossEntropy(logits, test.y()).getFloat(),
                    (double) zeros / total, skipped, dynamic ? scale : 0, scales);
        }
    }
}
