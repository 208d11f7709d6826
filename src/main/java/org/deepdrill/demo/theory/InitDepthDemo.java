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
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Q31: initialisation and depth. A deep square MLP without biases, under Xavier, He and a fixed badly
 * scaled std, with tanh and ReLU: the variance of the pre-activations going forward and of the
 * back-propagated signal ∂L/∂z going backward, layer by layer, in float64 so that nothing overflows.
 */
public final class InitDepthDemo extends LegacyDemo {
    public static final String ID = "init-depth";
    private static final String[] INITS = {"Xavier", "He", "bad"};
    private static final Act[] ACTS = {Act.TANH, Act.RELU};

    private static final DemoSpec SPEC = new DemoSpec(ID, "Initialisation and depth: variance layer by layer",
            "Pushes a batch through a deep MLP (no biases) under Xavier, He and a fixed badly scaled std, with tanh and "
                    + "ReLU, and plots the variance of the pre-activations and of the gradient ∂L/∂z at every layer.",
            List.of("q31-initialization-depth"),
            List.of(ParamSpec.ofInt("depth", "Layers", 5, 200, 50, 50, ""),
                    ParamSpec.ofInt("width", "Width n", 16, 1024, 256, 256, "every layer is n × n"),
                    ParamSpec.ofInt("batch", "Inputs", 8, 2048, 512, 64, ""),
                    ParamSpec.ofDouble("badStd", "Std of the badly scaled init", 1e-4, 1, 0.01, 0.01,
                            "a fixed std such as 0.01 ignores the fan-in; try 0.2 to see an explosion"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int depth = ctx.params().getInt("depth");
        int width = ctx.params().getInt("width");
        int batch = ctx.params().getInt("batch");
        double badStd = ctx.params().getDouble("badStd");
        // Autograd keeps about four (B,n) float64 arrays per layer, plus the (n,n) weights.
        Num.checkMemory(8.0 * depth * ((double) batch * width * 4 + (double) width * width * 2), "'depth', 'width' and 'batch'");
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
        double[] stds = {Math.sqrt(1.0 / width), Math.sqrt(2.0 / width), badStd};

        ctx.liveChart("forward", "Forward: Var(z_l) of the pre-activations per layer (live)", "layer l", "variance", true);
        ctx.liveChart("backward", "Backward: Var(∂L/∂z_l) per layer (live)", "layer l", "variance", true);
        double[] layers = new double[depth];
        for (int l = 0; l < depth; l++) {
            layers[l] = l + 1;
        }
        double[][][] fwd = new double[ACTS.length][INITS.length][];
        double[][][] bwd = new double[ACTS.length][INITS.length][];
        List<List<String>> rows = new ArrayList<>();
        int done = 0;
        for (int a = 0; a < ACTS.length; a++) {
            for (int i = 0; i < INITS.length; i++) {
                String name = INITS[i] + " + " + ACTS[a].label();
                double[][] r = propagate(ctx, name, ACTS[a], stds[i], depth, width, batch);
                fwd[a][i] = r[0];
                bwd[a][i] = r[1];
                for (int l = 0; l < depth; l++) {
                    ctx.point("backward", name, l + 1, r[1][l]);
                }
                double gain = Math.exp(Fit.line(layers, Fit.log(r[0])).slope());
                String theory = ACTS[a] == Act.RELU ? Claim.num(width * stds[i] * stds[i] / 2) : "≈ " + Claim.num(width * stds[i] * stds[i]) + " near 0";
                rows.add(List.of(name, Claim.num(stds[i] * Math.sqrt(width)) + "/√n", Claim.num(r[0][0]),
                        Claim.num(r[0][depth - 1]), Claim.num(spread(r[0])), Claim.num(spread(r[1])),
                        Claim.num(gain), theory));
                ctx.progress(++done, ACTS.length * INITS.length, name);
            }
        }
        ctx.table(new Table("summary", "Variance across " + depth + " layers (width " + width + ")",
                List.of("init + activation", "std", "Var(z_1)", "Var(z_L)", "forward max/min", "backward max/min",
                        "per-layer gain (fit)", "theory n·σ²·E[f(z)²]/Var(z)"), rows));
        ctx.chart(chart("forward", "Forward: Var(z_l) of the pre-activations per layer", layers, fwd));
        ctx.chart(chart("backward", "Backward: Var(∂L/∂z_l) per layer", layers, bwd));

        int relu = 1;
        int tanh = 0;
        double heFwd = spread(fwd[relu][1]);
        double heBwd = spread(bwd[relu][1]);
        double xavierReluSlope = Fit.line(layers, log2(fwd[relu][0])).slope();
        double badGain = Math.exp(Fit.line(layers, Fit.log(fwd[relu][2])).slope());
        double badPredicted = width * badStd * badStd / 2;
        double badRelu = Math.log10(fwd[relu][2][depth - 1] / fwd[relu][2][0]);
        double badTanh = Math.log10(fwd[tanh][2][depth - 1] / fwd[tanh][2][0]);
        double badReluBack = Math.log10(bwd[relu][2][0] / bwd[relu][2][depth - 1]);
        ctx.metric("He+ReLU forward max/min", heFwd, "×");
        ctx.metric("He+ReLU backward max/min", heBwd, "×");
        ctx.metric("Xavier+ReLU log2 variance per layer", xavierReluSlope, "");
        ctx.metric("Xavier+tanh Var(z_L)/Var(z_1)", fwd[tanh][0][depth - 1] / fwd[tanh][0][0], "");

        ctx.claim(Claim.atMost("He + ReLU keeps the forward variance within a small factor over all layers: max/min",
                heFwd, 10));
        ctx.claim(Claim.atMost("He + ReLU keeps the gradient variance within a small factor over all layers: max/min",
                heBwd, 10));
        ctx.claim(Claim.between("Xavier + ReLU halves the variance at every layer (E[relu(z)²] = Var(z)/2): log2 slope per layer",
                xavierReluSlope, -1.15, -0.85));
        ctx.claim(Claim.between("Var(z_{l+1}) = n·σ²·E[a_l²] holds for the bad init with ReLU: measured / predicted per-layer gain",
                badGain / badPredicted, 0.8, 1.25));
        if (badPredicted < 1) {
            ctx.claim(Claim.atMost("The badly scaled init (σ = " + badStd + ") makes ReLU activations vanish: log10 Var(z_L)/Var(z_1)",
                    badRelu, -6));
            ctx.claim(Claim.atMost("…and tanh activations too: log10 Var(z_L)/Var(z_1)", badTanh, -6));
        } else {
            ctx.claim(Claim.atLeast("The badly scaled init (σ = " + badStd + ") makes ReLU activations explode: log10 Var(z_L)/Var(z_1)",
                    badRelu, 6));
        }
        ctx.claim(Claim.atLeast("The gradient of the badly scaled ReLU net changes by orders of magnitude from top to bottom: |log10 Var(δ_1)/Var(δ_L)|",
                Math.abs(badReluBack), 6));
        ctx.note("σ = " + Claim.num(stds[0]) + " (Xavier, 1/n for a square layer), " + Claim.num(stds[1]) + " (He, 2/n), "
                + badStd + " (bad). Variances are over the batch and the units of one random network; float64.");
    }

    /**
     * One random network: {Var(z_l) for l = 1..L, Var(∂L/∂z_l)}, the forward values streamed to the live chart, with L = Σ a_L·r for a fixed random r,
     * so that the gradient entering the top layer has unit variance. A zero "probe" added to each z_l
     * is a leaf whose gradient is exactly ∂L/∂z_l.
     */
    private static double[][] propagate(LegacyContext ctx, String name, Act act, double std, int depth, int width,
                                        int batch) {
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray a = m.randomNormal(new Shape(batch, width)).toType(DataType.FLOAT64, false); // (B,n)
            NDArray r = m.randomNormal(new Shape(batch, width)).toType(DataType.FLOAT64, false); // (B,n)
            NDArray[] probes = new NDArray[depth];
            double[] fwd = new double[depth];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int l = 0; l < depth; l++) {
                    // float32 sampling is several times faster than float64; the product runs in float64
                    NDArray w = m.randomNormal(new Shape(width, width)).toType(DataType.FLOAT64, false).mul(std); // (n,n)
                    probes[l] = m.zeros(new Shape(batch, width), DataType.FLOAT64);
                    probes[l].setRequiresGradient(true);
                    NDArray z = a.matMul(w).add(probes[l]); // (B,n)
                    fwd[l] = variance(z);
                    ctx.point("forward", name, l + 1, fwd[l]); // streamed layer by layer
                    a = act.apply(z);
                }
                gc.backward(a.mul(r).sum());
            }
            double[] bwd = new double[depth];
            for (int l = 0; l < depth; l++) {
                bwd[l] = variance(probes[l].getGradient());
            }
            return new double[][] {fwd, bwd};
        }
    }

    private static double variance(NDArray v) {
        NDArray c = v.sub(v.mean());
        return c.square().mean().getDouble();
    }

    /** max / min over layers. */
    private static double spread(double[] v) {
        return Num.max(v) / Num.min(v);
    }

    private static double[] log2(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log(v[i]) / Math.log(2);
        }
        return out;
    }

    private static Chart chart(String id, String title, double[] layers, double[][][] values) {
        List<Series> s = new ArrayList<>();
        for (int a = 0; a < ACTS.length; a++) {
            for (int i = 0; i < INITS.length; i++) {
                s.add(new Series(INITS[i] + " + " + ACTS[a].label(), layers, values[a][i]));
            }
        }
        return Chart.line(id, title, "layer l", "variance (log)", s).withLog(false, true);
    }
}
