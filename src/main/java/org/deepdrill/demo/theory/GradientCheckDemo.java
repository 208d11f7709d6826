package org.deepdrill.demo.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q29: backprop and gradient checking. A small MLP in float64: DJL autograd against central
 * differences per parameter tensor, a hand-written backward pass (and a deliberately buggy one),
 * and the V-shaped error curve against the step h, in float64 and float32.
 */
public final class GradientCheckDemo extends LegacyDemo {
    public static final String ID = "gradient-check";
    static final double CHECK_H = 1e-6;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Gradient checking: autograd against finite differences",
            "Builds a 4-H-H-3 MLP with softmax cross-entropy as plain NDArray code, takes its gradient with DJL autograd, "
                    + "with a hand-written backward pass and with central differences (all parameters in one batched pass), "
                    + "reports the relative error per parameter tensor, and sweeps the step h from 1e-1 to 1e-13.",
            List.of("q29-backprop-gradient-check"),
            List.of(ParamSpec.ofInt("hidden", "Hidden width H", 2, 32, 8, 6, "two hidden layers of this width"),
                    ParamSpec.ofInt("batch", "Batch size", 2, 512, 32, 16, "inputs in the loss"),
                    ParamSpec.ofChoice("activation", "Activation", Act.NAMES, "tanh", "tanh",
                            "relu has kinks: a step that crosses one breaks the finite difference"),
                    ParamSpec.ofInt("steps", "Step sizes h in the sweep", 7, 49, 25, 13,
                            "log-spaced from 1e-1 to 1e-13"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 11, 11, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int hidden = ctx.params().getInt("hidden");
        int batch = ctx.params().getInt("batch");
        int steps = ctx.params().getInt("steps");
        Act act = Act.of(ctx.params().get("activation"));
        int seed = ctx.params().getInt("seed");
        long p = (long) hidden * hidden + 9L * hidden + 3;
        // 2P shifted parameter rows, each running a batch through layers of width H: about six live (2P,B,H) tensors.
        Num.checkMemory(8.0 * 2 * p * batch * Math.max(hidden, 4) * 6 + 8.0 * p * p * 3, "'hidden' and 'batch'");
        Engine.getInstance().setRandomSeed(seed);
        Random rnd = new Random(seed);

        TinyMlp net = new TinyMlp(4, hidden, 3, act);
        double[] theta = net.init(rnd);
        NDManager m = ctx.manager();
        NDArray x = m.randomNormal(0, 1, new Shape(batch, 4), DataType.FLOAT64); // (B,4)
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rnd.nextInt(3);
        }
        NDArray y = m.create(labels).oneHot(3).toType(DataType.FLOAT64, false); // (B,3)
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray y32 = y.toType(DataType.FLOAT32, false);
        ctx.liveChart("error-vs-h", "Relative error of central differences against autograd, by step h (live)",
                "log10 h", "relative error", true);

        // Autograd on a float64 leaf θ.
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
        NDArray fd = net.centralDifferences(m, theta, CHECK_H, DataType.FLOAT64, x, y);

        // The sweep over h, float64 and float32: worst relative error over the six tensors.
        double[] hs = Num.logSpace(-1, -13, steps);
        double[] err64 = new double[steps];
        double[] err32 = new double[steps];
        double[][] perTensor = new double[6][steps];
        for (int i = 0; i < steps; i++) {
            try (NDManager s = m.newSubManager()) {
                NDArray g64 = net.centralDifferences(s, theta, hs[i], DataType.FLOAT64, x, y);
                NDArray g32 = net.centralDifferences(s, theta, hs[i], DataType.FLOAT32, x32, y32);
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

        // Per-tensor table at the default step.
        double worstAuto = 0;
        double worstManual = 0;
        double worstBugOthers = 0;
        double[] bugErr = new double[6];
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            double eAuto = tensorErr(net, t, fd, auto);
            double eManual = tensorErr(net, t, manual, auto);
            bugErr[t] = tensorErr(net, t, buggy, fd);
            worstAuto = Math.max(worstAuto, eAuto);
            worstManual = Math.max(worstManual, eManual);
            if (t >= 2) {
                worstBugOthers = Math.max(worstBugOthers, bugErr[t]);
            }
            double norm = part(net, t, auto).norm().getDouble();
            rows.add(List.of(TinyMlp.NAMES[t], net.shapeText(t), Claim.num(norm), Claim.num(eAuto),
                    Claim.num(eManual), Claim.num(bugErr[t])));
        }
        ctx.table(new Table("per-tensor", "Relative error per parameter tensor (float64, h = 1e-6)",
                List.of("tensor", "shape", "‖∂L/∂θ‖", "autograd vs finite diff.", "hand backprop vs autograd",
                        "buggy backprop vs finite diff."), rows));

        double[] lhs = new double[steps];
        for (int i = 0; i < steps; i++) {
            lhs[i] = Math.log10(hs[i]);
        }
        ctx.chart(new Chart("error-vs-h", "Relative error of central differences against autograd, by step h",
                "step h", "worst relative error over tensors", Chart.Kind.LINE, true, true,
                List.of(new Series("float64", hs, err64), new Series("float32", hs, err32))));
        List<String> colNames = new ArrayList<>();
        for (double h : hs) {
            colNames.add(Claim.num(h));
        }
        double[][] logErr = new double[6][steps];
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < steps; i++) {
                logErr[t][i] = Math.log10(Math.max(perTensor[t][i], 1e-18));
            }
        }
        ctx.heatmap(new Heatmap("tensor-by-h", "log10 relative error per tensor and step h (float64)", "tensor",
                "step h", logErr, List.of(TinyMlp.NAMES), colNames));

        // The two branches of the V: truncation (∝ h²) and round-off (∝ 1/h).
        double[][] big = Num.window(hs, err64, 1e-4 * 0.99, 0.11);
        double[][] small = Num.window(hs, err64, 1e-13 * 0.99, 1e-9 * 1.01);
        double slopeBig = Fit.logLog(big[0], big[1]).slope();
        double slopeSmall = Fit.logLog(small[0], small[1]).slope();
        int best64 = Num.argMin(err64);
        int best32 = Num.argMin(err32);

        ctx.metric("parameters P", net.size, "");
        ctx.metric("loss evaluations for one finite-difference gradient", 2.0 * net.size, "");
        ctx.metric("loss", loss, "nats");
        ctx.metric("best h, float64", hs[best64], "");
        ctx.metric("best h, float32", hs[best32], "");
        ctx.metric("best error, float64", err64[best64], "");
        ctx.metric("best error, float32", err32[best32], "");

        ctx.claim(Claim.atMost("Autograd agrees with central differences in float64 at h = 1e-6: worst relative error over tensors",
                worstAuto, 1e-6));
        ctx.claim(Claim.atMost("The hand-written chain rule equals autograd: worst relative error", worstManual, 1e-12));
        ctx.claim(Claim.atLeast("A missing activation derivative in layer 1 is caught: relative error on W1",
                bugErr[0], 1e-2));
        ctx.claim(Claim.atMost("The same bug leaves W2, b2, W3, b3 exact, so the check points at the layer: worst error there",
                worstBugOthers, 1e-6));
        ctx.metric("log-log slope of the error for h in [1e-4, 1e-1]", slopeBig, "");
        if (act != Act.RELU) {
            ctx.claim(Claim.between("Truncation branch: error ∝ h² for large h (log-log slope over h in [1e-4, 1e-1])",
                    slopeBig, 1.6, 2.4));
        } else {
            ctx.note("With relu the loss has kinks: large steps cross them, so the right arm of the V is not the smooth "
                    + "h² law (measured slope " + Claim.num(slopeBig) + "); the Taylor argument needs a third derivative.");
        }
        ctx.claim(Claim.between("Round-off branch: error ∝ 1/h for tiny h (log-log slope over h in [1e-13, 1e-9])",
                slopeSmall, -1.5, -0.5));
        ctx.claim(Claim.between("The best float64 step sits near ε^(1/3) ≈ 6e-6: log10 of best h",
                Math.log10(hs[best64]), -8, -3));
        ctx.claim(Claim.atLeast("float32 is unfit for gradient checks: best float32 error / best float64 error",
                err32[best32] / err64[best64], 1e3));
        ctx.note("Activation " + act.label() + ", P = " + net.size + " parameters. Autograd needs one forward and one "
                + "backward pass; central differences need 2P = " + 2 * net.size + " loss evaluations (batched here).");
    }

    private static NDArray part(TinyMlp net, int t, NDArray flat) {
        return flat.get(net.offset(t) + ":" + (net.offset(t) + net.length(t)));
    }

    private static double tensorErr(TinyMlp net, int t, NDArray a, NDArray b) {
        return Num.relErr(part(net, t, a), part(net, t, b));
    }
}
