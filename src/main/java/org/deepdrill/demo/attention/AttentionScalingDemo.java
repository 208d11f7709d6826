package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
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
 * Q6: why attention divides by √d_k. For growing d_k it runs random token embeddings through a
 * LayerNorm and freshly initialised query and key projections (fan-in scaled, as at the start of
 * training), and measures Var(q·k) of the scores it gets, the softmax saturation over a row of keys
 * with and without the factor, and the gradient that flows back through the softmax.
 */
public final class AttentionScalingDemo implements Demo<AttentionScalingDemo.Setup, AttentionScalingDemo.Run> {
    public static final String ID = "attention-scaling";
    /** Width of the token embeddings the projections read. */
    static final int D_MODEL = 64;
    /** Fresh projection pairs per d_k; the variance is averaged over them. */
    static final int INITS = 4;


    private static final DemoSpec SPEC = new DemoSpec(ID, "Why attention scales by 1/√d_k",
            "Projects LayerNorm'd token embeddings with freshly initialised query and key layers for d_k from 4 up to a "
                    + "maximum and measures the variance of the scores q·k, the softmax saturation and the gradient through "
                    + "the softmax, with and without the 1/√d_k factor.",
            List.of("q06-attention-scaling"),
            List.of(ParamSpec.ofInt("maxDk", "Largest d_k (a power of two is used)").range(256, 4096).byDefault(1024).quick(256)
                            .help("d_k runs over powers of two from 4 up to this value; from 256 up, the unscaled softmax has saturated enough for the gradient claim"),
                    ParamSpec.ofInt("samples", "Tokens per d_k").range(2_000, 200_000).byDefault(8_000).quick(4_000)
                            .help("tokens projected per d_k, split over " + INITS + " fresh initialisations; every pair in a "
                                    + "sequence gives one score"),
                    ParamSpec.ofInt("keys", "Sequence length (keys per softmax row)").range(4, 256).byDefault(64).quick(32)
                            .help("length of the row the softmax runs over"),
                    ParamSpec.ofDouble("sigma", "LayerNorm gain γ").range(1, 4).byDefault(1)
                            .help("scales the normalised tokens, so q and k entries get std ≈ σ; Var(q·k) should be d_k·σ⁴ (below 1 the unscaled softmax no longer saturates)"),
                    ParamSpec.seed(7)));

    /**
     * Checked parameters. {@code power} is the exponent of d_k in the divisor: ½ is the real rule;
     * {@code tied}: the key projection is the query projection.
     */
    public record Setup(int maxDk, int samples, int keys, double sigma, long seed, double power, boolean tied) {
    }

    /**
     * Per d_k: the variance of the scores, the product of the measured variances of q and k entries,
     * and the softmax saturation, entropy and gradient, unscaled and scaled; {@code keys} is the row length.
     */
    public record Run(double sigma, int keys, double[] dk, double[] varRaw, double[] varScaled, double[] varQK,
                      double[] maxPRaw, double[] maxPScaled, double[] entRaw, double[] entScaled, double[] gradRaw,
                      double[] gradScaled) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("maxDk"), p.getInt("samples"), p.getInt("keys"), p.getDouble("sigma"),
                p.getInt("seed"), 0.5, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-scaling", "The scores are not divided at all (the divisor is d_k⁰ = 1)",
                                s -> withPower(s, 0))
                        .flips("sharpness-kept", "without the factor the softmax grows sharper with every doubling of d_k")
                        .flips("gradient-kept", "the softmax saturates, so the gradient through it dies")
                        .explainedIn("What goes wrong without scaling: softmax saturation")
                        .build(),
                Break.<Setup>of("divide-by-dk", "Scores divided by d_k instead of √d_k: the usual slip",
                                s -> withPower(s, 1))
                        .flips("sharpness-kept", "dividing by d_k over-corrects: the logits shrink like 1/√d_k and the "
                                + "softmax flattens towards uniform")
                        .explainedIn("Why $\\sqrt{d_k}$ and not $d_k$")
                        .build(),
                Break.<Setup>of("tied-qk", "Keys use the query projection (W_K = W_Q), so q and k are no longer independent",
                                s -> new Setup(s.maxDk(), s.samples(), s.keys(), s.sigma(), s.seed(), s.power(), true))
                        .flips("raw-slope", "aligned q and k add a d_k² term: the variance grows faster than d_k")
                        .flips("variance-at-64", "the product rule for independent entries no longer holds")
                        .explainedIn("What changes after training")
                        .build());
    }

    private static Setup withPower(Setup s, double power) {
        return new Setup(s.maxDk(), s.samples(), s.keys(), s.sigma(), s.seed(), power, s.tied());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.dk().length - 1;
        int i64 = indexOf(r.dk(), 64);
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.between("raw-slope", "Var(q·k) of freshly initialised projections grows linearly with d_k: "
                + "log-log slope of the unscaled variance", Fit.logLog(r.dk(), r.varRaw()).slope(), 0.9, 1.1));
        claims.add(Claim.between("variance-at-64", "At d_k = 64, Var(q·k) is d_k times the product of the measured "
                + "variances of q and k entries: Var(q·k)/(d_k·Var(q)·Var(k))", ratioAt(r, i64), 0.85, 1.15));
        claims.add(Claim.between("sharpness-kept", "With the factor the softmax is as sharp at the largest d_k as at the "
                + "smallest: (ln L − entropy) at the largest d_k over the same at the smallest", sharpnessRatio(r),
                2.0 / 3, 1.5));
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
        double[] varQK = new double[n];
        double[] maxPRaw = new double[n];
        double[] maxPScaled = new double[n];
        double[] entRaw = new double[n];
        double[] entScaled = new double[n];
        double[] gradRaw = new double[n];
        double[] gradScaled = new double[n];
        int rows = Math.max(2, s.samples() / (s.keys() * INITS));

        ctx.liveChart("variance", "Var(q·k) against d_k (live)", "d_k", "variance", true);
        for (int i = 0; i < n; i++) {
            int dk = dks.get(i);
            x[i] = dk;
            double divisor = Math.pow(dk, s.power());
            double[] stats = new double[8];
            for (int init = 0; init < INITS; init++) {
                try (NDManager m = ctx.manager().newSubManager()) {
                    NDArray[] qk = project(m, rows, s.keys(), dk, s.sigma(), s.tied()); // (R,L,dk) each
                    NDArray scores = qk[0].matMul(qk[1].swapAxes(1, 2)); // (R,L,L): every query against its sequence
                    varRaw[i] += variance(scores) / INITS;
                    varScaled[i] += variance(scores.div(Scalars.of(divisor))) / INITS;
                    varQK[i] += variance(qk[0]) * variance(qk[1]) / INITS;
                    NDArray flat = scores.reshape(-1, s.keys()); // (R·L, L): one softmax row per query
                    double[] raw = softmaxStats(flat);
                    double[] scaled = softmaxStats(flat.div(Scalars.of(divisor)));
                    stats[0] += raw[0];
                    stats[1] += raw[1];
                    stats[2] += scaled[0];
                    stats[3] += scaled[1];
                    stats[4] += softmaxGrad(flat, 1.0);
                    stats[5] += softmaxGrad(flat, 1.0 / divisor);
                }
            }
            maxPRaw[i] = stats[0] / INITS;
            entRaw[i] = stats[1] / INITS;
            maxPScaled[i] = stats[2] / INITS;
            entScaled[i] = stats[3] / INITS;
            gradRaw[i] = stats[4] / INITS;
            gradScaled[i] = stats[5] / INITS;
            ctx.point("variance", "unscaled", dk, varRaw[i]);
            ctx.point("variance", "scaled", dk, varScaled[i]);
            ctx.progress(i + 1, n, "d_k = " + dk);
        }
        return new Run(s.sigma(), s.keys(), x, varRaw, varScaled, varQK, maxPRaw, maxPScaled, entRaw, entScaled, gradRaw,
                gradScaled);
    }

    /**
     * Queries and keys of {@code rows} sequences of random token embeddings: LayerNorm (gain σ), then
     * query and key projections without bias, initialised fan-in scaled (std 1/√d_model) as at the
     * start of training. With {@code tied} the keys reuse the query projection.
     */
    private static NDArray[] project(NDManager m, int rows, int len, int dk, double sigma, boolean tied) {
        Shape in = new Shape(rows, len, D_MODEL);
        LayerNorm norm = LayerNorm.builder().axis(2).build();
        norm.initialize(m, DataType.FLOAT32, in);
        Linear wq = projection(m, dk);
        Linear wk = tied ? wq : projection(m, dk);
        ParameterStore ps = new ParameterStore(m, false);
        NDArray tokens = m.randomNormal(in); // (R,L,d_model)
        NDArray h = norm.forward(ps, new NDList(tokens), false).head().mul(Scalars.of(sigma)); // (R,L,d_model)
        NDArray q = wq.forward(ps, new NDList(h), false).head(); // (R,L,dk)
        NDArray k = wk.forward(ps, new NDList(h), false).head(); // (R,L,dk)
        return new NDArray[] {q, k};
    }

    private static Linear projection(NDManager m, int dk) {
        Linear layer = Linear.builder().setUnits(dk).optBias(false).build();
        layer.setInitializer(new NormalInitializer((float) (1 / Math.sqrt(D_MODEL))), Parameter.Type.WEIGHT);
        layer.initialize(m, DataType.FLOAT32, new Shape(1, D_MODEL));
        return layer;
    }

    @Override
    public Presentation present(Run r) {
        double[] x = r.dk();
        int n = x.length;
        double[] theory = new double[n];
        for (int i = 0; i < n; i++) {
            theory[i] = x[i] * r.varQK()[i];
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(Claim.num(x[i]), Claim.num(r.varRaw()[i]), Claim.num(theory[i]), Claim.num(r.varScaled()[i]),
                    Claim.num(r.maxPRaw()[i]), Claim.num(r.maxPScaled()[i]), Claim.num(r.gradRaw()[i]),
                    Claim.num(r.gradScaled()[i])));
        }
        int last = n - 1;
        return Presentation.builder()
                .chart(Chart.logLog("variance", "Var(q·k) against d_k", "d_k", "variance", List.of(
                        new Series("unscaled", x, r.varRaw()), new Series("scaled", x, r.varScaled()),
                        new Series("d_k·Var(q)·Var(k), entries measured", x, theory))))
                .chart(new Chart("saturation", "Softmax saturation: mean max probability", "d_k", "max probability",
                        Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, r.maxPRaw()),
                        new Series("scaled", x, r.maxPScaled()))))
                .chart(new Chart("entropy", "Softmax entropy (nats); uniform = ln L", "d_k", "entropy",
                        Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, r.entRaw()),
                        new Series("scaled", x, r.entScaled()))))
                .chart(Chart.logLog("gradient", "Mean |∂loss/∂logit| at the softmax input", "d_k", "gradient magnitude",
                        List.of(new Series("unscaled", x, r.gradRaw()), new Series("scaled", x, r.gradScaled()))))
                .table(new Table("per-dk", "Measured per d_k", List.of("d_k", "Var unscaled", "d_k·Var(q)·Var(k)", "Var scaled",
                        "max p unscaled", "max p scaled", "grad unscaled", "grad scaled"), rows))
                .metric("slope unscaled", Fit.logLog(x, r.varRaw()).slope(), "")
                .metric("slope scaled (the unscaled slope minus the divisor's power)", Fit.logLog(x, r.varScaled()).slope(), "")
                .metric("Var(q·k)/(d_k·Var(q)·Var(k)) at d_k = 64", ratioAt(r, indexOf(x, 64)), "")
                .metric("sharpness (ln L − entropy), scaled: largest d_k over smallest", sharpnessRatio(r), "×")
                .metric("max p unscaled at largest d_k", r.maxPRaw()[last], "")
                .metric("max p scaled at largest d_k", r.maxPScaled()[last], "")
                .metric("gradient ratio scaled/unscaled at largest d_k", r.gradScaled()[last] / r.gradRaw()[last], "×")
                .note("Queries and keys come from " + r.keys() + "-token sequences of random embeddings (width " + D_MODEL
                        + ") after a LayerNorm with gain σ = " + r.sigma() + ", through query and key projections "
                        + "initialised with std 1/√" + D_MODEL + " (fan-in scaled); each d_k averages " + INITS
                        + " fresh initialisations. Every query is scored against every key of its sequence.")
                .note("Theory: Var(q·k) = d_k·σ_q²·σ_k² when q and k are independent with zero-mean entries, and σ_q²·σ_k² "
                        + "after the 1/√d_k factor, whatever the sequence length. The scaled slope is the unscaled slope "
                        + "minus the divisor's power by arithmetic, so it is shown, not claimed.")
                .build();
    }

    /** Var(q·k)/(d_k·Var(q)·Var(k)) at index i (NaN when d_k = 64 was not run). */
    static double ratioAt(Run r, int i) {
        return i < 0 ? Double.NaN : r.varRaw()[i] / (r.dk()[i] * r.varQK()[i]);
    }

    /** How far the scaled softmax sits below uniform (ln L − entropy), at the largest d_k over the smallest. */
    static double sharpnessRatio(Run r) {
        double uniform = Math.log(r.keys());
        int last = r.dk().length - 1;
        return (uniform - r.entScaled()[last]) / (uniform - r.entScaled()[0]);
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
