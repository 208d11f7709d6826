package org.deepdrill.demo.attention;

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
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.List;

/**
 * Q6: why attention divides by √d_k. For growing d_k it samples q and k with entries of std σ and
 * measures Var(q·k) with and without the factor, the softmax saturation over a row of keys, and the
 * gradient that flows back through the softmax.
 */
public final class AttentionScalingDemo implements Demo<AttentionScalingDemo.Setup, AttentionScalingDemo.Run> {
    public static final String ID = "attention-scaling";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Why attention scales by 1/√d_k",
            "Samples random queries and keys for d_k from 4 up to a maximum and measures the variance of q·k, "
                    + "the softmax saturation and the gradient through the softmax, with and without the 1/√d_k factor.",
            List.of("q06-attention-scaling"),
            List.of(ParamSpec.ofInt("maxDk", "Largest d_k (a power of two is used)").range(16, 4096).byDefault(1024).quick(256)
                            .help("d_k runs over powers of two from 4 up to this value"),
                    ParamSpec.ofInt("samples", "Query-key pairs per d_k").range(500, 200_000).byDefault(20_000).quick(4_000)
                            .help("more samples give a tighter variance estimate"),
                    ParamSpec.ofInt("keys", "Keys per softmax row").range(4, 1024).byDefault(64).quick(32)
                            .help("length of the row the softmax runs over"),
                    ParamSpec.ofDouble("sigma", "Std of q and k entries").range(0.1, 4).byDefault(1)
                            .help("Var(q·k) should be d_k·σ⁴ when both have std σ"),
                    ParamSpec.seed(7)));

    /** Checked parameters. {@code power} is the exponent of d_k in the divisor: ½ is the real rule. */
    public record Setup(int maxDk, int samples, int keys, double sigma, long seed, double power) {
    }

    /** Per d_k: the variance, saturation, entropy and gradient, unscaled and scaled. */
    public record Run(double sigma, double[] dk, double[] varRaw, double[] varScaled, double[] maxPRaw,
                      double[] maxPScaled, double[] entRaw, double[] entScaled, double[] gradRaw, double[] gradScaled) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("maxDk"), p.getInt("samples"), p.getInt("keys"), p.getDouble("sigma"),
                p.getInt("seed"), 0.5);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-scaling", "The scores are not divided at all (the divisor is d_k⁰ = 1)",
                                s -> withPower(s, 0))
                        .flips("scaled-slope", "without the factor the variance keeps growing like d_k")
                        .flips("gradient-kept", "the softmax saturates, so the gradient through it dies")
                        .explainedIn("What goes wrong without scaling: softmax saturation")
                        .build(),
                Break.<Setup>of("divide-by-dk", "Scores divided by d_k instead of √d_k: the usual slip",
                                s -> withPower(s, 1))
                        .flips("scaled-slope", "dividing by d_k over-corrects: Var falls like 1/d_k")
                        .explainedIn("Why $\\sqrt{d_k}$ and not $d_k$")
                        .build());
    }

    private static Setup withPower(Setup s, double power) {
        return new Setup(s.maxDk(), s.samples(), s.keys(), s.sigma(), s.seed(), power);
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.dk().length - 1;
        int i64 = indexOf(r.dk(), 64);
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.between("raw-slope", "Var(q·k) grows linearly with d_k: log-log slope of the unscaled variance",
                Fit.logLog(r.dk(), r.varRaw()).slope(), 0.9, 1.1));
        claims.add(Claim.between("scaled-slope", "After the 1/√d_k factor the variance no longer depends on d_k: slope",
                Fit.logLog(r.dk(), r.varScaled()).slope(), -0.1, 0.1));
        if (i64 >= 0) {
            claims.add(Claim.between("variance-at-64", "At d_k = 64, Var(q·k)/(d_k·σ⁴) is 1",
                    r.varRaw()[i64] / (64 * Math.pow(r.sigma(), 4)), 0.85, 1.15));
        }
        claims.add(Claim.atLeast("raw-saturates", "Unscaled softmax saturates at the largest d_k: mean max probability",
                r.maxPRaw()[last], 0.6));
        claims.add(Claim.atLeast("gradient-kept",
                "Scaling keeps the gradient through the softmax alive: scaled/unscaled gradient ratio at the largest d_k",
                r.gradScaled()[last] / r.gradRaw()[last], 3));
        return claims;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        List<Integer> dks = new ArrayList<>();
        for (int d = 4; d <= s.maxDk(); d *= 2) {
            dks.add(d);
        }
        int n = dks.size();
        double[] x = new double[n];
        double[] varRaw = new double[n];
        double[] varScaled = new double[n];
        double[] maxPRaw = new double[n];
        double[] maxPScaled = new double[n];
        double[] entRaw = new double[n];
        double[] entScaled = new double[n];
        double[] gradRaw = new double[n];
        double[] gradScaled = new double[n];
        float sigma = (float) s.sigma();

        ctx.liveChart("variance", "Var(q·k) against d_k (live)", "d_k", "variance", true);
        for (int i = 0; i < n; i++) {
            int dk = dks.get(i);
            x[i] = dk;
            double divisor = Math.pow(dk, s.power());
            try (NDManager m = ctx.manager().newSubManager()) {
                NDArray q = m.randomNormal(0, sigma, new Shape(s.samples(), dk), DataType.FLOAT32); // (N,dk)
                NDArray k = m.randomNormal(0, sigma, new Shape(s.samples(), dk), DataType.FLOAT32); // (N,dk)
                NDArray dot = q.mul(k).sum(new int[] {1}); // (N)
                varRaw[i] = variance(dot);
                varScaled[i] = variance(dot.div(Scalars.of(divisor)));

                // One query against `keys` keys, over many rows.
                int rows = Math.max(64, s.samples() / s.keys());
                NDArray qs = m.randomNormal(0, sigma, new Shape(rows, 1, dk), DataType.FLOAT32); // (R,1,dk)
                NDArray ks = m.randomNormal(0, sigma, new Shape(rows, s.keys(), dk), DataType.FLOAT32); // (R,L,dk)
                NDArray scores = qs.matMul(ks.swapAxes(1, 2)).squeeze(1); // (R,L)
                double[] raw = softmaxStats(scores);
                double[] scaled = softmaxStats(scores.div(Scalars.of(divisor)));
                maxPRaw[i] = raw[0];
                entRaw[i] = raw[1];
                maxPScaled[i] = scaled[0];
                entScaled[i] = scaled[1];
                gradRaw[i] = softmaxGrad(scores, 1.0);
                gradScaled[i] = softmaxGrad(scores, 1.0 / divisor);
            }
            ctx.point("variance", "unscaled", dk, varRaw[i]);
            ctx.point("variance", "scaled", dk, varScaled[i]);
            ctx.progress(i + 1, n, "d_k = " + dk);
        }
        return new Run(s.sigma(), x, varRaw, varScaled, maxPRaw, maxPScaled, entRaw, entScaled, gradRaw, gradScaled);
    }

    @Override
    public Presentation present(Run r) {
        double[] x = r.dk();
        int n = x.length;
        double s4 = Math.pow(r.sigma(), 4);
        double[] theory = new double[n];
        for (int i = 0; i < n; i++) {
            theory[i] = x[i] * s4;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(Claim.num(x[i]), Claim.num(r.varRaw()[i]), Claim.num(r.varScaled()[i]),
                    Claim.num(r.maxPRaw()[i]), Claim.num(r.maxPScaled()[i]), Claim.num(r.gradRaw()[i]),
                    Claim.num(r.gradScaled()[i])));
        }
        int last = n - 1;
        return Presentation.builder()
                .chart(Chart.logLog("variance", "Var(q·k) against d_k", "d_k", "variance", List.of(
                        new Series("unscaled", x, r.varRaw()), new Series("scaled", x, r.varScaled()),
                        new Series("theory d_k·σ⁴", x, theory))))
                .chart(new Chart("saturation", "Softmax saturation: mean max probability", "d_k", "max probability",
                        Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, r.maxPRaw()),
                        new Series("scaled", x, r.maxPScaled()))))
                .chart(new Chart("entropy", "Softmax entropy (nats); uniform = ln L", "d_k", "entropy",
                        Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, r.entRaw()),
                        new Series("scaled", x, r.entScaled()))))
                .chart(Chart.logLog("gradient", "Mean |∂loss/∂logit| at the softmax input", "d_k", "gradient magnitude",
                        List.of(new Series("unscaled", x, r.gradRaw()), new Series("scaled", x, r.gradScaled()))))
                .table(new Table("per-dk", "Measured per d_k", List.of("d_k", "Var unscaled", "Var scaled",
                        "max p unscaled", "max p scaled", "grad unscaled", "grad scaled"), rows))
                .metric("slope unscaled", Fit.logLog(x, r.varRaw()).slope(), "")
                .metric("slope scaled", Fit.logLog(x, r.varScaled()).slope(), "")
                .metric("max p unscaled at largest d_k", r.maxPRaw()[last], "")
                .metric("max p scaled at largest d_k", r.maxPScaled()[last], "")
                .metric("gradient ratio scaled/unscaled at largest d_k", r.gradScaled()[last] / r.gradRaw()[last], "×")
                .note("σ = " + r.sigma() + "; theory: Var(q·k) = d_k·σ_q²·σ_k² for independent zero-mean entries, "
                        + "and σ_q²·σ_k² after the 1/√d_k factor, whatever the sequence length.")
                .build();
    }

    private static int indexOf(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private static double variance(NDArray v) {
        double mean = v.mean().getFloat();
        return v.sub(mean).square().mean().getFloat();
    }

    /** Mean over rows of the largest probability, and the mean entropy in nats. */
    private static double[] softmaxStats(NDArray scores) {
        NDArray p = scores.softmax(-1); // (R,L)
        double maxP = p.max(new int[] {1}).mean().getFloat();
        NDArray logP = scores.logSoftmax(-1);
        double entropy = p.mul(logP).sum(new int[] {1}).neg().mean().getFloat();
        return new double[] {maxP, entropy};
    }

    /**
     * Mean |∂L/∂z| at the softmax input z = c·s, for L = Σ softmax(z)·g with a random upstream
     * gradient g, by autograd: what the softmax passes back towards the queries and keys.
     */
    private static double softmaxGrad(NDArray scores, double c) {
        try (NDManager m = scores.getManager().newSubManager()) {
            NDArray z = scores.mul(Scalars.of(c));
            z.attach(m);
            z.setRequiresGradient(true);
            NDArray g = m.randomNormal(scores.getShape());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = z.softmax(-1).mul(g).sum();
                gc.backward(loss);
            }
            return z.getGradient().abs().mean().getFloat();
        }
    }
}
