package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Q21: post-training quantisation of a trained MLP, per-tensor against per-channel, from 2 to 8
 * bits: accuracy, output error, weight error against the Δ/√12 rule, model size, and an integer
 * W8A8 path whose int32 accumulators are exact in float32.
 */
public final class QuantizationDemo extends LegacyDemo {
    public static final String ID = "quantization";
    private static final int MIN_BITS = 2;
    private static final int MAX_BITS = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Post-training quantization: bits, per-tensor, per-channel",
            "Trains a small MLP, then quantises its weights symmetrically to 2–8 bits with one scale per tensor or per "
                    + "output channel; reports accuracy, output error, weight error, size, and an int8 × int8 → int32 path.",
            List.of("q21-quantization"),
            List.of(ParamSpec.ofInt("steps", "Training steps", 50, 3000, 600, 200, ""),
                    ParamSpec.ofInt("hidden", "Hidden width", 16, 512, 128, 96, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 11, 11, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int seed = ctx.params().getInt("seed");
        int hidden = ctx.params().getInt("hidden");
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        ctx.liveChart("train", "Training the fp32 model", "step", "cross-entropy (running mean)", true);
        ImageData train = ImageData.generate(m, 4096, 12, 8, 0.8, seed);
        ImageData test = ImageData.generate(m, 2048, 12, 8, 0.8, seed + 1);
        RawMlp net = RawMlp.create(m, new int[] {144, hidden, hidden, 8}, seed);
        train(ctx, net, train);

        NDArray ref = net.forward(test.x()); // (N,8) fp32 logits
        double accRef = RawMlp.accuracy(ref, test.y());
        int nb = MAX_BITS - MIN_BITS + 1;
        double[] bitsAxis = new double[nb];
        double[][] acc = new double[2][nb];
        double[][] outErr = new double[2][nb];
        double[][] wErr = new double[2][nb];
        double[] theory = new double[nb];
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < nb; k++) {
            int bits = MIN_BITS + k;
            bitsAxis[k] = bits;
            for (int mode = 0; mode < 2; mode++) {
                try (NDManager sm = m.newSubManager()) {
                    List<NDArray> qw = new ArrayList<>();
                    double se = 0;
                    double ss = 0;
                    double th = 0;
                    long count = 0;
                    for (int l = 0; l < net.layers(); l++) {
                        NDArray w = net.weight(l);
                        int in = (int) w.getShape().get(0);
                        int out = (int) w.getShape().get(1);
                        float[] wf = w.toFloatArray();
                        Quantizer.Quantized q = Quantizer.quantize(wf, in, out, bits, mode == 1);
                        float[] dq = q.dequantize();
                        for (int i = 0; i < wf.length; i++) {
                            se += (dq[i] - wf[i]) * (dq[i] - wf[i]);
                            ss += wf[i] * wf[i];
                            th += q.scales()[i % out] * q.scales()[i % out] / 12.0; // Δ²/12 per weight
                        }
                        count += wf.length;
                        qw.add(sm.create(dq, new Shape(in, out)));
                        qw.add(net.bias(l)); // biases stay in 32 bits (int32 in real kernels)
                    }
                    NDArray logits = RawMlp.forward(test.x(), qw);
                    acc[mode][k] = RawMlp.accuracy(logits, test.y());
                    outErr[mode][k] = logits.sub(ref).norm().getFloat() / ref.norm().getFloat();
                    wErr[mode][k] = Math.sqrt(se / ss);
                    if (mode == 1) {
                        theory[k] = Math.sqrt(th / count) / Math.sqrt(ss / count);
                    }
                }
                ctx.point("acc", mode == 0 ? "per-tensor" : "per-channel", bits, acc[mode][k]);
            }
            rows.add(List.of(Integer.toString(bits), Claim.num(acc[0][k]), Claim.num(acc[1][k]),
                    Claim.num(outErr[0][k]), Claim.num(outErr[1][k]), Claim.num(wErr[1][k]), Claim.num(theory[k])));
            ctx.progress(k + 1, nb + 1, bits + " bits");
        }
        double[] refLine = new double[nb];
        java.util.Arrays.fill(refLine, accRef);
        ctx.chart(Chart.line("accuracy", "Test accuracy against weight bits", "bits", "accuracy",
                List.of(new Series("per-tensor", bitsAxis, acc[0]), new Series("per-channel", bitsAxis, acc[1]),
                        new Series("fp32", bitsAxis, refLine))));
        ctx.chart(Chart.line("output-error", "Relative logit error ‖z_q − z‖ / ‖z‖ against bits", "bits",
                "relative error", List.of(new Series("per-tensor", bitsAxis, outErr[0]),
                        new Series("per-channel", bitsAxis, outErr[1]))).withLog(false, true));
        ctx.chart(Chart.line("weight-error", "Relative RMS weight error, per-channel, against Δ/√12", "bits",
                "relative RMS error", List.of(new Series("measured", bitsAxis, wErr[1]),
                        new Series("Δ/√12 (uniform rounding)", bitsAxis, theory))).withLog(false, true));
        ctx.table(new Table("bits", "Weight-only quantisation (fp32 accuracy " + Claim.num(accRef) + ")",
                List.of("bits", "acc per-tensor", "acc per-channel", "logit err per-tensor", "logit err per-channel",
                        "weight err per-channel", "Δ/√12 prediction"), rows));

        sizes(ctx, net);
        double[] w8a8 = integerPath(ctx, net, train, test, ref);
        ctx.progress(nb + 1, nb + 1, "integer path");

        int k8 = MAX_BITS - MIN_BITS;
        int better = 0;
        for (int k = 0; k < nb; k++) {
            better += outErr[1][k] <= outErr[0][k] ? 1 : 0;
        }
        double[] b = java.util.Arrays.copyOfRange(bitsAxis, 4 - MIN_BITS, nb);
        double[] e = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            e[i] = Math.log(wErr[1][i + 4 - MIN_BITS]) / Math.log(2);
        }
        Fit.Line fit = Fit.line(b, e);
        ctx.metric("fp32 test accuracy", accRef, "");
        ctx.metric("slope of log2(weight error) per bit, 4–8 bits", fit.slope(), "");
        ctx.claim(Claim.atMost("int8 per-channel costs almost no accuracy: drop (points)", 100 * (accRef - acc[1][k8]), 1));
        ctx.claim(Claim.atLeast("Per-channel scales give a lower output error than per-tensor at every width (widths of "
                + nb + ")", better, nb));
        ctx.claim(Claim.near("Each extra bit halves the weight error: slope of log2(error) against bits (4–8)",
                fit.slope(), -1, 0.15));
        ctx.claim(Claim.between("Measured weight error matches Δ/√12 at 8 bits: ratio", wErr[1][k8] / theory[k8], 0.8, 1.2));
        ctx.claim(Claim.atLeast("2 bits per-tensor (codes −1, 0, 1) breaks the model: accuracy drop (points)",
                100 * (accRef - acc[0][0]), 10));
        ctx.claim(Claim.atMost("W8A8 integer path: int8 × int8 summed exactly in float32, |accumulator| / 2^24",
                w8a8[0] / (1 << 24), 1));
        ctx.claim(Claim.atMost("…and matches the dequantised computation: max relative logit difference", w8a8[1], 1e-5));
        ctx.claim(Claim.atMost("W8A8 (activations int8 too) accuracy drop (points)", 100 * (accRef - w8a8[2]), 1.5));
    }

    private static void train(LegacyContext ctx, RawMlp net, ImageData train) {
        int steps = ctx.params().getInt("steps");
        UpdateRule adam = UpdateRule.adam();
        double running = Double.NaN;
        for (int s = 0; s < steps; s++) {
            try (NDManager sm = ctx.manager().newSubManager()) {
                ImageData b = train.slice(s * 64, 64);
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = RawMlp.crossEntropy(net.forward(b.x()), b.y());
                    gc.backward(loss);
                }
                List<NDArray> grads = new ArrayList<>();
                for (NDArray p : net.params()) {
                    NDArray g = p.getGradient();
                    g.attach(sm);
                    grads.add(g);
                }
                adam.apply(net.params(), grads, Schedule.warmupCosine(s, steps / 10, steps, 3e-3, 3e-5));
                for (NDArray g : grads) {
                    g.subi(g);
                }
                double l = ctx.checkFinite("training loss", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.95 * running + 0.05 * l;
                if (s % 10 == 0 || s == steps - 1) {
                    ctx.point("train", "fp32 model", s + 1, running);
                }
            }
        }
        ctx.liveChart("acc", "Accuracy as each bit width is measured", "bits", "test accuracy", false);
    }

    private static void sizes(LegacyContext ctx, RawMlp net) {
        long weights = 0;
        long biases = 0;
        long channels = 0;
        for (int l = 0; l < net.layers(); l++) {
            weights += net.weight(l).getShape().size();
            biases += net.bias(l).getShape().size();
            channels += net.weight(l).getShape().get(1);
        }
        double fp32 = 4.0 * (weights + biases);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("fp32", Long.toString((long) fp32), "1"));
        double int8 = 0;
        for (int bits : new int[] {8, 4, 2}) {
            double tensorScales = 4.0 * net.layers();
            double channelScales = 4.0 * channels;
            double pt = weights * bits / 8.0 + tensorScales + 4.0 * biases;
            double pc = weights * bits / 8.0 + channelScales + 4.0 * biases;
            rows.add(List.of("int" + bits + " per-tensor", Long.toString((long) Math.ceil(pt)), Claim.num(pt / fp32)));
            rows.add(List.of("int" + bits + " per-channel", Long.toString((long) Math.ceil(pc)), Claim.num(pc / fp32)));
            if (bits == 8) {
                int8 = pc;
            }
        }
        ctx.table(new Table("size", "Model size: " + weights + " weights, " + biases + " biases (kept fp32), scales fp32",
                List.of("format", "bytes", "× fp32"), rows));
        ctx.metric("int8 per-channel size / fp32 size", int8 / fp32, "");
        ctx.claim(Claim.between("int8 per-channel stores the model in about a quarter of fp32: size ratio", int8 / fp32,
                0.25, 0.27));
    }

    /**
     * W8A8: weights per-channel int8, each layer's input per-tensor int8 with a scale calibrated on 512
     * training rows. Returns {max |int32 accumulator|, max relative difference to the dequantised path, accuracy}.
     */
    private static double[] integerPath(LegacyContext ctx, RawMlp net, ImageData train, ImageData test, NDArray ref) {
        NDManager m = ctx.manager();
        try (NDManager sm = m.newSubManager()) {
            NDArray calib = train.x().get("0:512"); // (512,144)
            NDArray h = test.x();
            NDArray hDeq = test.x();
            double maxAcc = 0;
            double maxDiff = 0;
            for (int l = 0; l < net.layers(); l++) {
                NDArray w = net.weight(l);
                int in = (int) w.getShape().get(0);
                int out = (int) w.getShape().get(1);
                Quantizer.Quantized q = Quantizer.quantize(w.toFloatArray(), in, out, 8, true);
                float sx = calib.abs().max().getFloat() / Quantizer.levels(8);
                NDArray codesW = sm.create(q.codes(), new Shape(in, out)); // integer-valued
                NDArray scaleW = sm.create(q.scales(), new Shape(1, out));
                NDArray codesX = sm.create(Quantizer.quantizeActivations(h.toFloatArray(), sx, 8), h.getShape());
                NDArray acc = codesX.matMul(codesW); // (N,out): an int32 accumulator, exact while |acc| < 2^24
                maxAcc = Math.max(maxAcc, acc.abs().max().getFloat());
                NDArray y = acc.mul(scaleW).mul(sx).add(net.bias(l)); // dequantise, add the bias
                NDArray yDeq = codesX.mul(sx).matMul(codesW.mul(scaleW)).add(net.bias(l)); // same numbers, float path
                maxDiff = Math.max(maxDiff, y.sub(yDeq).abs().max().getFloat() / yDeq.abs().max().getFloat());
                boolean last = l + 1 == net.layers();
                h = last ? y : y.maximum(org.deepdrill.demo.lib.train.Scalars.of(0f));
                hDeq = last ? yDeq : yDeq.maximum(org.deepdrill.demo.lib.train.Scalars.of(0f));
                calib = net.forwardLayer(calib, l);
            }
            double accuracy = RawMlp.accuracy(h, test.y());
            ctx.metric("W8A8 accuracy", accuracy, "");
            ctx.metric("W8A8 relative logit error vs fp32", h.sub(ref).norm().getFloat() / ref.norm().getFloat(), "");
            return new double[] {maxAcc, maxDiff, accuracy};
        }
    }
}
