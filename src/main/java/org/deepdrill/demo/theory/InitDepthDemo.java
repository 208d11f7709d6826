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
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
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
public final class InitDepthDemo implements Demo<InitDepthDemo.Setup, InitDepthDemo.Run> {
    public static final String ID = "init-depth";
    private static final String[] INITS = {"Xavier", "He", "bad"};
    private static final Act[] ACTS = {Act.TANH, Act.RELU};
    private static final int TANH = 0;
    private static final int RELU = 1;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Initialisation and depth: variance layer by layer",
            "Pushes a batch through a deep MLP (no biases) under Xavier, He and a fixed badly scaled std, with tanh and "
                    + "ReLU, and plots the variance of the pre-activations and of the gradient ∂L/∂z at every layer.",
            List.of("q31-initialization-depth"),
            List.of(ParamSpec.ofInt("depth", "Layers").range(10, 50).byDefault(50)
                            .help("at least 10, so the bad init loses 6 orders even at its mildest; at most 50, since "
                                    + "beyond it He + ReLU's finite-width drift can pass 10× (37× at 60 layers in one quick run)"),
                    ParamSpec.ofInt("width", "Width n").range(256, 1024).byDefault(256)
                            .help("every layer is n × n; narrower layers let He + ReLU drift by more than 10×"),
                    ParamSpec.ofInt("batch", "Inputs").range(8, 2048).byDefault(512).quick(64),
                    ParamSpec.ofDouble("badStd", "Std of the badly scaled init").range(1e-3, 0.01).byDefault(0.01)
                            .help("a fixed std that ignores the fan-in; the range keeps the per-layer gain n·σ²/2 at 0.05 "
                                    + "or less for every width, so over 10+ layers the signal vanishes by more than 6 orders; "
                                    + "near √(2/n) the bad init would not be bad"),
                    ParamSpec.seed(5)));

    /** Checked parameters; He's std is √(heGain/n), with heGain = 2 for the real rule. */
    public record Setup(int depth, int width, int batch, double badStd, long seed, double heGain) {
    }

    /** The three stds, and Var(z_l) and Var(∂L/∂z_l) per activation, per init, per layer. */
    public record Run(int width, double[] stds, double[] layers, double[][][] forward, double[][][] backward) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("depth"), p.getInt("width"), p.getInt("batch"), p.getDouble("badStd"), p.getInt("seed"), 2);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("xavier-for-relu", "The \"He\" network uses Var(w) = 1/n, the Xavier rule, under ReLU",
                        s -> new Setup(s.depth(), s.width(), s.batch(), s.badStd(), s.seed(), 1))
                .flips("he-forward-stable", "ReLU zeroes half the signal, so 1/n halves the variance at every layer")
                .flips("he-backward-stable", "the gradient halves at every layer going down, too")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double[][] f = r.forward()[RELU];
        double[] layers = r.layers();
        int last = layers.length - 1;
        double badStd = r.stds()[2];
        double badPredicted = r.width() * badStd * badStd / 2;
        double badGain = Math.exp(Fit.line(layers, Fit.log(f[2])).slope());
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.atMost("he-forward-stable", "He + ReLU keeps the forward variance within a small factor over all layers: max/min",
                spread(f[1]), 10));
        claims.add(Claim.atMost("he-backward-stable", "He + ReLU keeps the gradient variance within a small factor over all layers: max/min",
                spread(r.backward()[RELU][1]), 10));
        claims.add(Claim.between("xavier-relu-halves", "Xavier + ReLU halves the variance at every layer (E[relu(z)²] = Var(z)/2): "
                + "log2 slope per layer", Fit.line(layers, log2(f[0])).slope(), -1.15, -0.85));
        claims.add(Claim.between("gain-formula", "Var(z_{l+1}) = n·σ²·E[a_l²] holds for the bad init with ReLU: measured / "
                + "predicted per-layer gain", badGain / badPredicted, 0.8, 1.25));
        double badRelu = Math.log10(f[2][last] / f[2][0]);
        claims.add(Claim.atMost("bad-init-vanishes", "The badly scaled init (σ = " + Claim.num(badStd) + ") makes ReLU "
                + "activations vanish: log10 Var(z_L)/Var(z_1)", badRelu, -6));
        claims.add(Claim.atMost("bad-init-vanishes-tanh", "…and tanh activations too: log10 Var(z_L)/Var(z_1)",
                Math.log10(r.forward()[TANH][2][last] / r.forward()[TANH][2][0]), -6));
        double[] b = r.backward()[RELU][2];
        claims.add(Claim.atLeast("bad-init-gradient", "The gradient of the badly scaled ReLU net changes by orders of magnitude "
                + "from top to bottom: |log10 Var(δ_1)/Var(δ_L)|", Math.abs(Math.log10(b[0] / b[last])), 6));
        return claims;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int depth = s.depth();
        // Autograd keeps about four (B,n) float64 arrays per layer, plus the (n,n) weights.
        Num.checkMemory(8.0 * depth * ((double) s.batch() * s.width() * 4 + (double) s.width() * s.width() * 2),
                "'depth', 'width' and 'batch'");
        Engine.getInstance().setRandomSeed((int) s.seed());
        double[] stds = {Math.sqrt(1.0 / s.width()), Math.sqrt(s.heGain() / s.width()), s.badStd()};
        ctx.liveChart("forward", "Forward: Var(z_l) of the pre-activations per layer (live)", "layer l", "variance", true);
        ctx.liveChart("backward", "Backward: Var(∂L/∂z_l) per layer (live)", "layer l", "variance", true);
        double[] layers = new double[depth];
        for (int l = 0; l < depth; l++) {
            layers[l] = l + 1;
        }
        double[][][] fwd = new double[ACTS.length][INITS.length][];
        double[][][] bwd = new double[ACTS.length][INITS.length][];
        int done = 0;
        for (int a = 0; a < ACTS.length; a++) {
            for (int i = 0; i < INITS.length; i++) {
                String name = INITS[i] + " + " + ACTS[a].label();
                double[][] r = propagate(ctx, name, ACTS[a], stds[i], s);
                fwd[a][i] = r[0];
                bwd[a][i] = r[1];
                for (int l = 0; l < depth; l++) {
                    ctx.point("backward", name, l + 1, r[1][l]);
                }
                ctx.progress(++done, ACTS.length * INITS.length, name);
            }
        }
        return new Run(s.width(), stds, layers, fwd, bwd);
    }

    @Override
    public Presentation present(Run r) {
        int depth = r.layers().length;
        List<List<String>> rows = new ArrayList<>();
        for (int a = 0; a < ACTS.length; a++) {
            for (int i = 0; i < INITS.length; i++) {
                double[] f = r.forward()[a][i];
                double std = r.stds()[i];
                double gain = Math.exp(Fit.line(r.layers(), Fit.log(f)).slope());
                String theory = ACTS[a] == Act.RELU ? Claim.num(r.width() * std * std / 2)
                        : "≈ " + Claim.num(r.width() * std * std) + " near 0";
                rows.add(List.of(INITS[i] + " + " + ACTS[a].label(), Claim.num(std * Math.sqrt(r.width())) + "/√n",
                        Claim.num(f[0]), Claim.num(f[depth - 1]), Claim.num(spread(f)), Claim.num(spread(r.backward()[a][i])),
                        Claim.num(gain), theory));
            }
        }
        return Presentation.builder()
                .table(new Table("summary", "Variance across " + depth + " layers (width " + r.width() + ")",
                        List.of("init + activation", "std", "Var(z_1)", "Var(z_L)", "forward max/min", "backward max/min",
                                "per-layer gain (fit)", "theory n·σ²·E[f(z)²]/Var(z)"), rows))
                .chart(chart("forward", "Forward: Var(z_l) of the pre-activations per layer", r.layers(), r.forward()))
                .chart(chart("backward", "Backward: Var(∂L/∂z_l) per layer", r.layers(), r.backward()))
                .metric("He+ReLU forward max/min", spread(r.forward()[RELU][1]), "×")
                .metric("He+ReLU backward max/min", spread(r.backward()[RELU][1]), "×")
                .metric("Xavier+ReLU log2 variance per layer", Fit.line(r.layers(), log2(r.forward()[RELU][0])).slope(), "")
                .metric("Xavier+tanh Var(z_L)/Var(z_1)", r.forward()[TANH][0][depth - 1] / r.forward()[TANH][0][0], "")
                .note("σ = " + Claim.num(r.stds()[0]) + " (Xavier, 1/n for a square layer), " + Claim.num(r.stds()[1])
                        + " (He), " + Claim.num(r.stds()[2]) + " (bad). Variances are over the batch and the units of one "
                        + "random network; float64.")
                .build();
    }

    /**
     * One random network: {Var(z_l) for l = 1..L, Var(∂L/∂z_l)}, forward values streamed to the live
     * chart, with L = Σ a_L·r for a fixed random r, so that the gradient entering the top layer has unit
     * variance. A zero "probe" added to each z_l is a leaf whose gradient is exactly ∂L/∂z_l.
     */
    private static double[][] propagate(DemoContext ctx, String name, Act act, double std, Setup s) {
        int depth = s.depth();
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray a = m.randomNormal(new Shape(s.batch(), s.width())).toType(DataType.FLOAT64, false); // (B,n)
            NDArray r = m.randomNormal(new Shape(s.batch(), s.width())).toType(DataType.FLOAT64, false); // (B,n)
            NDArray[] probes = new NDArray[depth];
            double[] fwd = new double[depth];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int l = 0; l < depth; l++) {
                    // float32 sampling is several times faster than float64; the product runs in float64
                    NDArray w = m.randomNormal(new Shape(s.width(), s.width())).toType(DataType.FLOAT64, false).mul(std); // (n,n)
                    probes[l] = m.zeros(new Shape(s.batch(), s.width()), DataType.FLOAT64);
                    probes[l].setRequiresGradient(true);
                    NDArray z = a.matMul(w).add(probes[l]); // (B,n)
                    fwd[l] = variance(z);
                    ctx.point("forward", name, l + 1, fwd[l]);
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
