package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.stats.Fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Q6: why attention divides by √d_k. For growing d_k it samples q and k with unit-variance entries
 * and measures Var(q·k) with and without scaling, the softmax saturation over a row of keys, and
 * the gradient that flows back through the softmax.
 */
public final class AttentionScalingDemo implements Demo {
    public static final String ID = "attention-scaling";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Why attention scales by 1/√d_k",
            "Samples random queries and keys for d_k from 4 up to a maximum and measures the variance of q·k, "
                    + "the softmax saturation and the gradient through the softmax, with and without the 1/√d_k factor.",
            List.of("q06-attention-scaling"),
            List.of(ParamSpec.ofInt("maxDk", "Largest d_k (a power of two is used)", 16, 4096, 1024, 256,
                            "d_k runs over powers of two from 4 up to this value"),
                    ParamSpec.ofInt("samples", "Query-key pairs per d_k", 500, 200_000, 20_000, 4_000,
                            "more samples give a tighter variance estimate"),
                    ParamSpec.ofInt("keys", "Keys per softmax row", 4, 1024, 64, 32,
                            "length of the row the softmax runs over"),
                    ParamSpec.ofDouble("sigma", "Std of q and k entries", 0.1, 4, 1, 1,
                            "Var(q·k) should be d_k·σ⁴ when both have std σ"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 7, 7, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public void run(DemoContext ctx) {
        int maxDk = ctx.params().getInt("maxDk");
        int samples = ctx.params().getInt("samples");
        int keys = ctx.params().getInt("keys");
        float sigma = (float) ctx.params().getDouble("sigma");
        Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));

        List<Integer> dks = new ArrayList<>();
        for (int d = 4; d <= maxDk; d *= 2) {
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

        ctx.liveChart("variance", "Var(q·k) against d_k (live)", "d_k", "variance", true);
        for (int i = 0; i < n; i++) {
            int dk = dks.get(i);
            x[i] = dk;
            try (NDManager m = ctx.manager().newSubManager()) {
                // Variance of the dot product over `samples` independent pairs.
                NDArray q = m.randomNormal(0, sigma, new Shape(samples, dk), DataType.FLOAT32); // (N,dk)
                NDArray k = m.randomNormal(0, sigma, new Shape(samples, dk), DataType.FLOAT32); // (N,dk)
                NDArray dot = q.mul(k).sum(new int[] {1}); // (N)
                varRaw[i] = variance(dot);
                varScaled[i] = variance(dot.div(org.deepdrill.demo.Scalars.of(Math.sqrt(dk))));

                // Softmax of one query against `keys` keys, over many rows.
                int rows = Math.max(64, samples / keys);
                NDArray qs = m.randomNormal(0, sigma, new Shape(rows, 1, dk), DataType.FLOAT32); // (R,1,dk)
                NDArray ks = m.randomNormal(0, sigma, new Shape(rows, keys, dk), DataType.FLOAT32); // (R,L,dk)
                NDArray scores = qs.matMul(ks.swapAxes(1, 2)).squeeze(1); // (R,L)
                double[] raw = softmaxStats(scores);
                double[] scaled = softmaxStats(scores.div(org.deepdrill.demo.Scalars.of(Math.sqrt(dk))));
                maxPRaw[i] = raw[0];
                entRaw[i] = raw[1];
                maxPScaled[i] = scaled[0];
                entScaled[i] = scaled[1];
                gradRaw[i] = softmaxGrad(scores, 1.0);
                gradScaled[i] = softmaxGrad(scores, 1.0 / Math.sqrt(dk));
            }
            ctx.point("variance", "unscaled", dk, varRaw[i]);
            ctx.point("variance", "scaled by 1/√d_k", dk, varScaled[i]);
            ctx.progress(i + 1, n, "d_k = " + dk);
        }

        Fit.Line fitRaw = Fit.logLog(x, varRaw);
        Fit.Line fitScaled = Fit.logLog(x, varScaled);
        double s4 = Math.pow(sigma, 4);
        double[] theory = new double[n];
        for (int i = 0; i < n; i++) {
            theory[i] = x[i] * s4;
        }
        ctx.chart(Chart.logLog("variance", "Var(q·k) against d_k", "d_k", "variance", List.of(
                new Series("unscaled", x, varRaw), new Series("scaled by 1/√d_k", x, varScaled),
                new Series("theory d_k·σ⁴", x, theory))));
        ctx.chart(new Chart("saturation", "Softmax saturation: mean max probability", "d_k", "max probability",
                Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, maxPRaw), new Series("scaled", x, maxPScaled))));
        ctx.chart(new Chart("entropy", "Softmax entropy (nats); uniform = ln L", "d_k", "entropy",
                Chart.Kind.LINE, true, false, List.of(new Series("unscaled", x, entRaw), new Series("scaled", x, entScaled))));
        ctx.chart(Chart.logLog("gradient", "Mean |∂loss/∂logit| at the softmax input", "d_k", "gradient magnitude",
                List.of(new Series("unscaled", x, gradRaw), new Series("scaled", x, gradScaled))));

        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(Integer.toString(dks.get(i)), Claim.num(varRaw[i]), Claim.num(varScaled[i]),
                    Claim.num(maxPRaw[i]), Claim.num(maxPScaled[i]), Claim.num(gradRaw[i]), Claim.num(gradScaled[i])));
        }
        ctx.table(new Table("per-dk", "Measured per d_k", List.of("d_k", "Var unscaled", "Var scaled",
                "max p unscaled", "max p scaled", "grad unscaled", "grad scaled"), rows));

        int last = n - 1;
        int i64 = dks.indexOf(64);
        ctx.metric("slope unscaled", fitRaw.slope(), "");
        ctx.metric("slope scaled", fitScaled.slope(), "");
        ctx.metric("max p unscaled at largest d_k", maxPRaw[last], "");
        ctx.metric("max p scaled at largest d_k", maxPScaled[last], "");
        ctx.metric("gradient ratio scaled/unscaled at largest d_k", gradScaled[last] / gradRaw[last], "×");

        ctx.claim(Claim.between("Var(q·k) grows linearly with d_k: log-log slope of the unscaled variance",
                fitRaw.slope(), 0.9, 1.1));
        ctx.claim(Claim.between("After dividing by √d_k the variance no longer depends on d_k: slope",
                fitScaled.slope(), -0.1, 0.1));
        if (i64 >= 0) {
            ctx.claim(Claim.between("At d_k = 64, Var(q·k)/(d_k·σ⁴) is 1", varRaw[i64] / (64 * s4), 0.85, 1.15));
        }
        ctx.claim(Claim.atLeast("Unscaled softmax saturates at the largest d_k: mean max probability",
                maxPRaw[last], 0.6));
        ctx.claim(Claim.atLeast("Scaling keeps the gradient through the softmax alive: scaled/unscaled gradient ratio at the largest d_k",
                gradScaled[last] / gradRaw[last], 3));
        ctx.note("σ = " + sigma + "; theory: Var(q·k) = d_k·σ_q²·σ_k² for independent zero-mean entries, "
                + "and 1·σ_q²·σ_k² after scaling, whatever the sequence length.");
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
            NDArray z = scores.mul(org.deepdrill.demo.Scalars.of(c));
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
