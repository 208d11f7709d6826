package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q29: backprop and gradient checking. A small MLP in float64: DJL autograd against finite
 * differences per parameter tensor, a hand-written backward pass (and a deliberately buggy one),
 * and the V-shaped error curve against the step h, in float64 and float32.
 */
public final class GradientCheckDemo implements Demo<GradientCheckDemo.Setup, GradientCheckDemo.Run> {
    public static final String ID = "gradient-check";
    static final double CHECK_H = 1e-6;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Gradient checking: autograd against finite differences",
            "Builds a 4-H-H-3 MLP with softmax cross-entropy as plain NDArray code, takes its gradient with DJL autograd, "
                    + "with a hand-written backward pass and with central differences (all parameters in one batched pass), "
                    + "reports the relative error per parameter tensor, and sweeps the step h from 1e-1 to 1e-13.",
            List.of("q29-backprop-gradient-check"),
            List.of(ParamSpec.ofInt("hidden", "Hidden width H").range(2, 32).byDefault(8).quick(6)
                            .help("two hidden layers of this width"),
                    ParamSpec.ofInt("batch", "Batch size").range(2, 512).byDefault(32).quick(16).help("inputs in the loss"),
                    ParamSpec.ofChoice("activation", "Activation", Act.NAMES, "tanh", "tanh",
                            "relu has kinks: a step that crosses one breaks the finite difference"),
                    ParamSpec.ofInt("steps", "Step sizes h in the sweep").range(7, 49).byDefault(25).quick(13)
                            .help("log-spaced from 1e-1 to 1e-13"),
                    ParamSpec.seed(11)));

    /** Checked parameters; {@code central} and {@code checkType} say how the check itself is done. */
    public record Setup(int hidden, int batch, String activation, int steps, long seed, boolean central,
                        boolean checkInFloat32) {
    }

    /**
     * Per tensor at h = 1e-6: gradient norm, autograd vs differences, hand backprop vs autograd, buggy
     * backprop vs differences; and the sweep over h: worst error over tensors in float64 and float32.
     */
    public record Run(String activation, boolean smooth, int parameters, double loss, String[] shapes, double[] norms,
                      double[] autoErr, double[] manualErr, double[] bugErr, double[] h, double[] err64, double[] err32,
                      double[][] perTensor) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("hidden"), p.getInt("batch"), p.get("activation"), p.getInt("steps"), p.getInt("seed"),
                true, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("one-sided-differences", "The check uses (f(θ+h) − f(θ))/h instead of the central difference",
                                s -> new Setup(s.hidden(), s.batch(), s.activation(), s.steps(), s.seed(), false, s.checkInFloat32()))
                        .flips("truncation-slope", "a one-sided difference is only first-order: its error falls like h, not h²")
                        .flips("best-step", "its best step moves down to about √ε ≈ 1e-8")
                        .explainedIn("The gradient check and its error budget")
                        .build(),
                Break.<Setup>of("check-in-float32", "The check at h = 1e-6 runs in float32",
                                s -> new Setup(s.hidden(), s.batch(), s.activation(), s.steps(), s.seed(), s.central(), true))
                        .flips("autograd-agrees", "float32 round-off divided by h swamps the difference")
                        .explainedIn("Pitfalls")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double[][] big = Num.window(r.h(), r.err64(), 1e-4 * 0.99, 0.11);
        double[][] small = Num.window(r.h(), r.err64(), 1e-13 * 0.99, 1e-9 * 1.01);
        int best64 = Num.argMin(r.err64());
        int best32 = Num.argMin(r.err32());
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.atMost("autograd-agrees", "Autograd agrees with the differences at h = 1e-6: worst relative error over tensors",
                Num.max(r.autoErr()), 1e-6));
        claims.add(Claim.atMost("manual-equals-autograd", "The hand-written chain rule equals autograd: worst relative error",
                Num.max(r.manualErr()), 1e-12));
        claims.add(Claim.atLeast("bug-caught", "A missing activation derivative in layer 1 is caught: relative error on W1",
                r.bugErr()[0], 1e-2));
        claims.add(Claim.atMost("bug-localised", "The same bug leaves W2, b2, W3, b3 exact, so the check points at the layer: "
                + "worst error there", Num.max(java.util.Arrays.copyOfRange(r.bugErr(), 2, 6)), 1e-6));
        if (r.smooth()) {
            claims.add(Claim.between("truncation-slope", "Truncation branch: error ∝ h² for large h (log-log slope over h in [1e-4, 1e-1])",
                    Fit.logLog(big[0], big[1]).slope(), 1.6, 2.4));
        }
        claims.add(Claim.between("roundoff-slope", "Round-off branch: error ∝ 1/h for tiny h (log-log slope over h in [1e-13, 1e-9])",
                Fit.logLog(small[0], small[1]).slope(), -1.5, -0.5));
        claims.add(Claim.between("best-step", "The best float64 step sits near ε^(1/3) ≈ 6e-6, not √ε ≈ 1.5e-8: log10 of best h",
                Math.log10(r.h()[best64]), -6.5, -4));
        claims.add(Claim.atLeast("float32-unfit", "float32 is unfit for gradient checks: best float32 error / best float64 error",
                r.err32()[best32] / r.err64()[best64], 1e3));
        return claims;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int steps = s.steps();
        Act act = Act.of(s.activation());
        long p = (long) s.hidden() * s.hidden() + 9L * s.hidden() + 3;
        // 2P shifted parameter rows, each running a batch through layers of width H: about six live (2P,B,H) tensors.
        Num.checkMemory(8.0 * 2 * p * s.batch() * Math.max(s.hidden(), 4) * 6 + 8.0 * p * p * 3, "'hidden' and 'batch'");
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());

        TinyMlp net = new TinyMlp(4, s.hidden(), 3, act);
        double[] theta = net.init(rnd);
        NDManager m = ctx.manager();
        NDArray x = m.randomNormal(0, 1, new Shape(s.batch(), 4), DataType.FLOAT64); // (B,4)
        int[] labels = new int[s.batch()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextInt(3);
        }
        NDArray y = m.create(labels).oneHot(3).toType(DataType.FLOAT64, false); // (B,3)
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray y32 = y.toType(DataType.FLOAT32, false);
        ctx.liveChart("error-vs-h", "Relative error of the differences against autograd, by step h (live)",
                "log10 h", "relative error", true);

        NDArray leaf = m.create(theta); // (P)
        leaf.setRequiresGradient(true);
        double loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = net.loss(leaf.reshape(1, net.size), x, y); // (1)
            loss = l.getDouble(0);
            gc.backward(l.sum());
        }
        ctx.checkFinite("loss", loss);
        NDArray auto = leaf.getGradient().duplicate(); // (P)
        NDArray thetaArr = m.create(theta);
        NDArray manual = net.manualGradient(thetaArr, x, y, false);
        NDArray buggy = net.manualGradient(thetaArr, x, y, true);
        NDArray fd = s.checkInFloat32() ? net.differences(m, theta, CHECK_H, DataType.FLOAT32, x32, y32, s.central())
                : net.differences(m, theta, CHECK_H, DataType.FLOAT64, x, y, s.central());

        double[] hs = Num.logSpace(-1, -13, steps);
        double[] err64 = new double[steps];
        double[] err32 = new double[steps];
        double[][] perTensor = new double[6][steps];
        for (int i = 0; i < steps; i++) {
            try (NDManager sub = m.newSubManager()) {
                NDArray g64 = net.differences(sub, theta, hs[i], DataType.FLOAT64, x, y, s.central());
                NDArray g32 = net.differences(sub, theta, hs[i], DataType.FLOAT32, x32, y32, s.central());
                for (int t = 0; t < 6; t++) {
                    perTensor[t][i] = tensorErr(net, t, g64, auto);
                    err64[i] = Math.max(err64[i], perTensor[t][i]);
                    err32[i] = Math.max(err32[i], tensorErr(net, t, g32, auto));
                }
            }
            double lh = Math.log10(hs[i]);
            ctx.point("error-vs-h", "float64", lh, err64[i]);
            ctx.point("error-vs-h", "float32", lh, err32[i]);
            ctx.progress(i + 1, steps, "h = " + Claim.num(hs[i]));
        }
        String[] shapes = new String[6];
        double[] norms = new double[6];
        double[] autoErr = new double[6];
        double[] manualErr = new double[6];
        double[] bugErr = new double[6];
        for (int t = 0; t < 6; t++) {
            shapes[t] = net.shapeText(t);
            norms[t] = part(net, t, auto).norm().getDouble();
            autoErr[t] = tensorErr(net, t, fd, auto);
            manualErr[t] = tensorErr(net, t, manual, auto);
            bugErr[t] = tensorErr(net, t, buggy, fd);
        }
        return new Run(act.label(), act != Act.RELU, net.size, loss, shapes, norms, autoErr, manualErr, bugErr, hs, err64,
                err32, perTensor);
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            rows.add(List.of(TinyMlp.NAMES[t], r.shapes()[t], Claim.num(r.norms()[t]), Claim.num(r.autoErr()[t]),
                    Claim.num(r.manualErr()[t]), Claim.num(r.bugErr()[t])));
        }
        out.table(new Table("per-tensor", "Relative error per parameter tensor (h = 1e-6)",
                List.of("tensor", "shape", "‖∂L/∂θ‖", "autograd vs differences", "hand backprop vs autograd",
                        "buggy backprop vs differences"), rows));
        out.chart(new Chart("error-vs-h", "Relative error of the differences against autograd, by step h",
                "step h", "worst relative error over tensors", Chart.Kind.LINE, true, true,
                List.of(new Series("float64", r.h(), r.err64()), new Series("float32", r.h(), r.err32()))));
        int steps = r.h().length;
        List<String> colNames = new ArrayList<>();
        for (double h : r.h()) {
            colNames.add(Claim.num(h));
        }
        double[][] logErr = new double[6][steps];
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < steps; i++) {
                logErr[t][i] = Math.log10(Math.max(r.perTensor()[t][i], 1e-18));
            }
        }
        out.heatmap(new Heatmap("tensor-by-h", "log10 relative error per tensor and step h (float64)", "tensor",
                "step h", logErr, List.of(TinyMlp.NAMES), colNames));
        double[][] big = Num.window(r.h(), r.err64(), 1e-4 * 0.99, 0.11);
        int best64 = Num.argMin(r.err64());
        int best32 = Num.argMin(r.err32());
        out.metric("parameters P", r.parameters(), "")
                .metric("loss evaluations for one central-difference gradient", 2.0 * r.parameters(), "")
                .metric("loss", r.loss(), "nats")
                .metric("best h, float64", r.h()[best64], "")
                .metric("best h, float32", r.h()[best32], "")
                .metric("best error, float64", r.err64()[best64], "")
                .metric("best error, float32", r.err32()[best32], "")
                .metric("log-log slope of the error for h in [1e-4, 1e-1]", Fit.logLog(big[0], big[1]).slope(), "");
        if (!r.smooth()) {
            out.note("With relu the loss has kinks: large steps cross them, so the right arm of the V is not the smooth "
                    + "h² law; the Taylor argument needs a third derivative, and no truncation claim is made.");
        }
        return out.note("Activation " + r.activation() + ", P = " + r.parameters() + " parameters. Autograd needs one forward "
                + "and one backward pass; central differences need 2P = " + 2 * r.parameters() + " loss evaluations (batched here).")
                .build();
    }

    private static NDArray part(TinyMlp net, int t, NDArray flat) {
        return flat.get(net.offset(t) + ":" + (net.offset(t) + net.length(t)));
    }

    private static double tensorErr(TinyMlp net, int t, NDArray a, NDArray b) {
        return Num.relErr(part(net, t, a), part(net, t, b));
    }
}
