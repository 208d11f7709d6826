package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.Scalars;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Q21: post-training quantisation of a trained MLP, per-tensor against per-channel, from 2 to 8
 * bits: accuracy, logit error, weight error against the Δ/√12 rule, the same network with one
 * outlier channel, and an int8 × int8 path with int8 activations.
 */
public final class QuantizationDemo implements Demo<QuantizationDemo.Setup, QuantizationDemo.Run> {
    public static final String ID = "quantization";
    private static final int MIN_BITS = 2;
    private static final int MAX_BITS = 8;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Post-training quantization: bits, per-tensor, per-channel",
            "Trains a small MLP, then quantises its weights symmetrically to 2–8 bits with one scale per tensor or per "
                    + "output channel: accuracy, logit error, weight error against Δ/√12, the same network with one "
                    + "outlier channel, and an int8 × int8 path with int8 activations.",
            List.of("q21-quantization"),
            List.of(ParamSpec.ofInt("steps", "Training steps").range(100, 3000).byDefault(600).quick(200),
                    ParamSpec.ofInt("hidden", "Hidden width").range(32, 512).byDefault(128).quick(96),
                    ParamSpec.ofInt("outlier", "Outlier channel factor c").range(8, 100).byDefault(20)
                            .help("one hidden unit's input weights ×c and output weights ÷c: the same function, "
                                    + "one outlier channel"),
                    ParamSpec.seed(11)));

    /** How the weights get their scales: as the answer says, or one of two wrong ways. */
    public enum Scales {
        /** Per-tensor where asked for per-tensor, per-channel where asked for per-channel. */
        AS_ASKED,
        /** One scale per tensor everywhere, even where per-channel was asked for. */
        PER_TENSOR_ONLY,
        /** No scale at all: the weights are rounded to integers as they are. */
        NONE
    }

    /** Checked parameters; {@code scales} is what the breaks change. */
    public record Setup(int steps, int hidden, int outlier, long seed, Scales scales) {
        Setup with(Scales s) {
            return new Setup(steps, hidden, outlier, seed, s);
        }
    }

    /**
     * Per bit width (2..8): test accuracy and relative logit error, per-tensor and per-channel; the per-channel
     * relative RMS weight error and its Δ/√12 prediction; the logit errors of the outlier network. Then the fp32
     * accuracy, the W8A8 accuracy and largest accumulator, the outlier network's fp32 difference, and counts.
     */
    public record Run(double[] bits, double[] accTensor, double[] accChannel, double[] errTensor, double[] errChannel,
                      double[] weightErr, double[] weightTheory, double[] outlierErrTensor, double[] outlierErrChannel,
                      double accFp32, double accW8a8, double maxAccumulator, double outlierFunctionDiff,
                      int outlier, long weights, long biases, long channels, int layers) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getInt("hidden"), p.getInt("outlier"), p.getInt("seed"), Scales.AS_ASKED);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("per-tensor-only", "One scale per weight matrix where per-channel scales were asked for",
                                s -> s.with(Scales.PER_TENSOR_ONLY))
                        .flips("outlier-needs-per-channel", "the outlier channel sets the step for every other channel")
                        .explainedIn("Granularity")
                        .build(),
                Break.<Setup>of("no-scale", "The weights are cast to integers without a scale: q = round(w)",
                                s -> s.with(Scales.NONE))
                        .flips("int8-keeps-accuracy", "almost every weight is below ½ and rounds to 0")
                        .flips("error-halves-per-bit", "more bits change nothing when the step is fixed at 1")
                        .flips("error-matches-model", "the error is the weights themselves, not uniform rounding noise")
                        .explainedIn("The common wrong answer")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int k8 = r.bits().length - 1;
        int from = indexOf(r.bits(), 4);
        double[] b = Arrays.copyOfRange(r.bits(), from, k8 + 1);
        double[] e = Arrays.stream(Arrays.copyOfRange(r.weightErr(), from, k8 + 1)).map(v -> Math.log(v) / Math.log(2))
                .toArray();
        return List.of(
                Claim.atMost("int8-keeps-accuracy", "int8 per-channel costs almost no accuracy: drop (points)",
                        100 * (r.accFp32() - r.accChannel()[k8]), 1),
                Claim.near("error-halves-per-bit", "Each extra bit halves the weight error: slope of log2(error) "
                        + "against bits (4–8)", Fit.line(b, e).slope(), -1, 0.15),
                Claim.between("error-matches-model", "The rounding error is uniform: measured RMS weight error / "
                        + "(Δ/√12) at 8 bits", r.weightErr()[k8] / r.weightTheory()[k8], 0.8, 1.2),
                Claim.atLeast("outlier-needs-per-channel", "With one ×" + r.outlier() + " outlier channel, per-tensor "
                        + "int8 loses far more than per-channel: logit error ratio", r.outlierErrTensor()[k8]
                        / r.outlierErrChannel()[k8], 3),
                Claim.atLeast("two-bits-breaks", "2 bits per-tensor (codes −1, 0, 1) breaks the model: accuracy drop "
                        + "(points)", 100 * (r.accFp32() - r.accTensor()[0]), 10),
                Claim.atMost("w8a8-keeps-accuracy", "W8A8 (int8 activations too) accuracy drop (points)",
                        100 * (r.accFp32() - r.accW8a8()), 1.5));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        ctx.liveChart("train", "Training the fp32 model", "step", "cross-entropy (running mean)", true);
        ImageData train = ImageData.generate(m, 4096, 12, 8, 0.8, s.seed());
        ImageData test = ImageData.generate(m, 2048, 12, 8, 0.8, s.seed() + 1);
        RawMlp net = RawMlp.create(m, new int[] {144, s.hidden(), s.hidden(), 8}, s.seed());
        train(ctx, net, train, s.steps());
        ctx.liveChart("acc", "Accuracy as each bit width is measured", "bits", "test accuracy", false);

        List<NDArray> plain = net.params();
        List<NDArray> outlier = withOutlierChannel(net, s.outlier());
        NDArray ref = net.forward(test.x()); // (N,8) fp32 logits
        double outlierDiff = RawMlp.forward(test.x(), outlier).sub(ref).abs().max().getFloat()
                / ref.abs().max().getFloat();
        int nb = MAX_BITS - MIN_BITS + 1;
        double[] bits = new double[nb];
        double[][] acc = new double[2][nb];
        double[][] err = new double[2][nb];
        double[][] outErr = new double[2][nb];
        double[] wErr = new double[nb];
        double[] theory = new double[nb];
        for (int k = 0; k < nb; k++) {
            bits[k] = MIN_BITS + k;
            for (int mode = 0; mode < 2; mode++) {
                boolean perChannel = mode == 1;
                try (NDManager sm = m.newSubManager()) {
                    Quantised q = quantiseAll(sm, plain, (int) bits[k], perChannel, s.scales());
                    NDArray logits = RawMlp.forward(test.x(), q.params());
                    acc[mode][k] = RawMlp.accuracy(logits, test.y());
                    err[mode][k] = relError(logits, ref);
                    if (perChannel) {
                        wErr[k] = q.relRmsError();
                        theory[k] = q.relRmsTheory();
                    }
                    outErr[mode][k] = relError(RawMlp.forward(test.x(),
                            quantiseAll(sm, outlier, (int) bits[k], perChannel, s.scales()).params()), ref);
                }
                ctx.point("acc", perChannel ? "per-channel" : "per-tensor", bits[k], acc[mode][k]);
            }
            ctx.progress(k + 1, nb + 1, (int) bits[k] + " bits");
        }
        double[] w8a8 = integerPath(m, net, train, test, s.scales());
        ctx.progress(nb + 1, nb + 1, "integer path");
        long weights = 0;
        long biases = 0;
        long channels = 0;
        for (int l = 0; l < net.layers(); l++) {
            weights += net.weight(l).getShape().size();
            biases += net.bias(l).getShape().size();
            channels += net.weight(l).getShape().get(1);
        }
        return new Run(bits, acc[0], acc[1], err[0], err[1], wErr, theory, outErr[0], outErr[1],
                RawMlp.accuracy(ref, test.y()), w8a8[0], w8a8[1], outlierDiff, s.outlier(), weights, biases, channels,
                net.layers());
    }

    @Override
    public Presentation present(Run r) {
        double[] x = r.bits();
        int nb = x.length;
        double[] fp32 = new double[nb];
        Arrays.fill(fp32, r.accFp32());
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < nb; k++) {
            rows.add(List.of(Claim.num(x[k]), Claim.num(r.accTensor()[k]), Claim.num(r.accChannel()[k]),
                    Claim.num(r.errTensor()[k]), Claim.num(r.errChannel()[k]), Claim.num(r.weightErr()[k]),
                    Claim.num(r.weightTheory()[k]), Claim.num(r.outlierErrTensor()[k]),
                    Claim.num(r.outlierErrChannel()[k])));
        }
        int k8 = nb - 1;
        return Presentation.builder()
                .chart(Chart.line("accuracy", "Test accuracy against weight bits", "bits", "accuracy",
                        List.of(new Series("per-tensor", x, r.accTensor()), new Series("per-channel", x, r.accChannel()),
                                new Series("fp32", x, fp32))))
                .chart(Chart.line("output-error", "Relative logit error ‖z_q − z‖ / ‖z‖ against bits", "bits",
                        "relative error", List.of(new Series("per-tensor", x, r.errTensor()),
                                new Series("per-channel", x, r.errChannel()),
                                new Series("per-tensor, outlier channel ×" + r.outlier(), x, r.outlierErrTensor()),
                                new Series("per-channel, outlier channel ×" + r.outlier(), x, r.outlierErrChannel())))
                        .withLog(false, true))
                .chart(Chart.line("weight-error", "Relative RMS weight error, per-channel, against Δ/√12", "bits",
                        "relative RMS error", List.of(new Series("measured", x, r.weightErr()),
                                new Series("Δ/√12 (uniform rounding)", x, r.weightTheory()))).withLog(false, true))
                .table(new Table("bits", "Weight-only quantisation (fp32 accuracy " + Claim.num(r.accFp32()) + ")",
                        List.of("bits", "acc per-tensor", "acc per-channel", "logit err per-tensor",
                                "logit err per-channel", "weight err per-channel", "Δ/√12 prediction",
                                "outlier: logit err per-tensor", "outlier: logit err per-channel"), rows))
                .table(sizes(r))
                .metric("fp32 test accuracy", r.accFp32(), "")
                .metric("W8A8 test accuracy", r.accW8a8(), "")
                .metric("largest |int32 accumulator| in the W8A8 path", r.maxAccumulator(), "")
                .metric("outlier network against the original, fp32: max |Δ logit| / max |logit|",
                        r.outlierFunctionDiff(), "")
                .metric("8-bit logit error ratio per-tensor / per-channel, original network",
                        r.errTensor()[k8] / r.errChannel()[k8], "×")
                .note("The outlier network is the trained one with one hidden unit's input weights and bias multiplied by c "
                        + "and its output weights divided by c: ReLU(c·z)/c = ReLU(z), so it computes the same function "
                        + "(see the fp32 difference metric) while one weight column is c times larger than the rest.")
                .note("W8A8 products of integer codes are summed in float32, which is exact while |accumulator| < 2^24 "
                        + "(see the metric); real kernels accumulate in int32.")
                .build();
    }

    /** Model size in bytes for each format: arithmetic from the layer shapes, not a measurement. */
    private static Table sizes(Run r) {
        double fp32 = 4.0 * (r.weights() + r.biases());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("fp32", Long.toString((long) fp32), "1"));
        for (int bits : new int[] {8, 4, 2}) {
            double pt = r.weights() * bits / 8.0 + 4.0 * r.layers() + 4.0 * r.biases();
            double pc = r.weights() * bits / 8.0 + 4.0 * r.channels() + 4.0 * r.biases();
            rows.add(List.of("int" + bits + " per-tensor", Long.toString((long) Math.ceil(pt)), Claim.num(pt / fp32)));
            rows.add(List.of("int" + bits + " per-channel", Long.toString((long) Math.ceil(pc)), Claim.num(pc / fp32)));
        }
        return new Table("size", "Model size: " + r.weights() + " weights, " + r.biases()
                + " biases (kept fp32), scales fp32", List.of("format", "bytes", "× fp32"), rows);
    }

    /** Quantised weights (dequantised for the float forward) with their error against the originals. */
    private record Quantised(List<NDArray> params, double relRmsError, double relRmsTheory) {
    }

    /** Quantises every weight matrix (biases stay fp32, as int32 in real kernels). */
    private static Quantised quantiseAll(NDManager sm, List<NDArray> params, int bits, boolean perChannel, Scales how) {
        List<NDArray> out = new ArrayList<>();
        double se = 0;
        double ss = 0;
        double th = 0;
        long count = 0;
        for (int l = 0; l < params.size() / 2; l++) {
            NDArray w = params.get(2 * l);
            int in = (int) w.getShape().get(0);
            int cols = (int) w.getShape().get(1);
            float[] wf = w.toFloatArray();
            Quantizer.Quantized q = quantise(wf, in, cols, bits, perChannel, how);
            float[] dq = q.dequantize();
            for (int i = 0; i < wf.length; i++) {
                double s = q.scales()[i % cols];
                se += (dq[i] - wf[i]) * (dq[i] - wf[i]);
                ss += wf[i] * wf[i];
                th += s * s / 12.0; // Δ²/12 per weight
            }
            count += wf.length;
            out.add(sm.create(dq, new Shape(in, cols)));
            out.add(params.get(2 * l + 1));
        }
        return new Quantised(out, Math.sqrt(se / ss), Math.sqrt(th / count) / Math.sqrt(ss / count));
    }

    private static Quantizer.Quantized quantise(float[] w, int in, int out, int bits, boolean perChannel, Scales how) {
        return switch (how) {
            case AS_ASKED -> Quantizer.quantize(w, in, out, bits, perChannel);
            case PER_TENSOR_ONLY -> Quantizer.quantize(w, in, out, bits, false);
            case NONE -> Quantizer.unscaled(w, in, out, bits);
        };
    }

    /**
     * The same network with one outlier channel: hidden unit j of layer 1 gets input weights and bias ×c and output
     * weights ÷c, where j is the unit with the largest input weight. Returns new arrays; the network is unchanged.
     */
    private static List<NDArray> withOutlierChannel(RawMlp net, int c) {
        NDArray w1 = net.weight(0); // (in,H)
        int j = (int) w1.abs().max(new int[] {0}).argMax().getLong();
        NDManager m = w1.getManager();
        NDArray up = m.ones(new Shape(w1.getShape().get(1)));
        up.set(new ai.djl.ndarray.index.NDIndex("{}", j), c);
        List<NDArray> out = new ArrayList<>(net.params());
        out.set(0, w1.mul(up)); // column j × c
        out.set(1, net.bias(0).mul(up));
        out.set(2, net.weight(1).div(up.reshape(-1, 1))); // row j ÷ c
        return out;
    }

    private static double relError(NDArray logits, NDArray ref) {
        return logits.sub(ref).norm().getFloat() / ref.norm().getFloat();
    }

    private static void train(DemoContext ctx, RawMlp net, ImageData train, int steps) {
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
                adam.step(net.params(), Schedule.warmupCosine(s, steps / 10, steps, 3e-3, 3e-5), sm);
                double l = ctx.checkFinite("training loss", loss.getFloat());
                running = Double.isNaN(running) ? l : 0.95 * running + 0.05 * l;
                if (s % 10 == 0 || s == steps - 1) {
                    ctx.point("train", "fp32 model", s + 1, running);
                }
            }
        }
    }

    /**
     * W8A8: weights per-channel int8, each layer's input per-tensor int8 with a scale calibrated on 512
     * training rows; integer codes multiplied and summed, then scaled. Returns {accuracy, max |accumulator|}.
     */
    private static double[] integerPath(NDManager m, RawMlp net, ImageData train, ImageData test, Scales how) {
        try (NDManager sm = m.newSubManager()) {
            NDArray calib = train.x().get("0:512"); // (512,144)
            NDArray h = test.x();
            double maxAcc = 0;
            for (int l = 0; l < net.layers(); l++) {
                NDArray w = net.weight(l);
                int in = (int) w.getShape().get(0);
                int out = (int) w.getShape().get(1);
                Quantizer.Quantized q = quantise(w.toFloatArray(), in, out, 8, true, how);
                float sx = calib.abs().max().getFloat() / Quantizer.levels(8);
                NDArray codesW = sm.create(q.codes(), new Shape(in, out)); // integer-valued
                NDArray scaleW = sm.create(q.scales(), new Shape(1, out));
                NDArray codesX = sm.create(Quantizer.quantizeActivations(h.toFloatArray(), sx, 8), h.getShape());
                NDArray acc = codesX.matMul(codesW); // (N,out) integer sums
                maxAcc = Math.max(maxAcc, acc.abs().max().getFloat());
                NDArray y = acc.mul(scaleW).mul(sx).add(net.bias(l)); // dequantise, add the bias
                h = l + 1 == net.layers() ? y : y.maximum(Scalars.of(0f));
                calib = net.forwardLayer(calib, l);
            }
            return new double[] {RawMlp.accuracy(h, test.y()), maxAcc};
        }
    }

    private static int indexOf(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == target) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + target + " in " + Arrays.toString(v));
    }
}
