package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.GaussianClasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q13: FedAvg and FedProx on clients with Dirichlet label skew and uneven devices (local epochs,
 * stragglers, dropouts), at two α values; client drift; a secure-aggregation panel on the real
 * updates; optionally DP-FedAvg with clipping and Gaussian noise.
 */
public final class FederatedLearningDemo extends LegacyDemo {
    public static final String ID = "federated-learning";
    private static final int CLASSES = 10;
    private static final int DIM = 20;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Federated learning: non-IID clients, FedAvg vs FedProx, secure sum",
            "Clients with Dirichlet(α) label skew and uneven devices train a small MLP. FedAvg (weighted by sample count) "
                    + "and FedProx (μ/2·‖w − w_g‖² in each client's loss) at two α values, client drift, pairwise-masked "
                    + "secure aggregation with dropout recovery, and optional DP noise.",
            List.of("q13-federated-learning"),
            List.of(ParamSpec.ofInt("clients", "Clients K", 4, 40, 10, 8, ""),
                    ParamSpec.ofInt("samples", "Training samples in total", 500, 20000, 4000, 2000, ""),
                    ParamSpec.ofDouble("alphaLow", "Dirichlet α, non-IID", 0.01, 10, 0.1, 0.1, "small: few classes per client"),
                    ParamSpec.ofDouble("alphaHigh", "Dirichlet α, near-IID", 0.1, 1000, 100, 100, ""),
                    ParamSpec.ofInt("rounds", "Communication rounds", 3, 200, 25, 12, ""),
                    ParamSpec.ofInt("maxEpochs", "Local epochs, up to", 1, 10, 4, 3, "each client gets 1..max"),
                    ParamSpec.ofDouble("stragglers", "Straggler rate per round", 0, 0.9, 0.3, 0.3,
                            "a straggler completes 10–90% of its local work"),
                    ParamSpec.ofDouble("dropouts", "Dropout rate per round", 0, 0.9, 0.1, 0.1, "a dropped client sends nothing"),
                    ParamSpec.ofDouble("mu", "FedProx μ", 0, 10, 0.5, 0.5, ""),
                    ParamSpec.ofDouble("lr", "Local learning rate", 1e-3, 1, 0.1, 0.1, "plain SGD, batch 32"),
                    ParamSpec.ofDouble("separation", "Class separation", 0.1, 3, 0.6, 0.6, "spread of the class means"),
                    ParamSpec.ofDouble("dpNoise", "DP noise multiplier z (0 = off)", 0, 5, 1.0, 0, "noise σ = z·C on the sum"),
                    ParamSpec.ofDouble("clip", "DP clipping norm C", 0.01, 10, 1.0, 1.0, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 13, 13, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        var p = ctx.params();
        int k = p.getInt("clients");
        int n = p.getInt("samples");
        int rounds = p.getInt("rounds");
        int seed = p.getInt("seed");
        double aLow = p.getDouble("alphaLow");
        double aHigh = p.getDouble("alphaHigh");
        if (aHigh <= aLow) {
            throw new ParamException("Parameter 'alphaHigh' (" + aHigh + ") must exceed 'alphaLow' (" + aLow + ")");
        }
        if (n < 20 * k) {
            throw new ParamException("Parameter 'samples' (" + n + ") must be at least 20 per client: ≥ " + 20 * k);
        }
        ctx.liveChart("accuracy", "Global test accuracy vs round", "round", "accuracy", false);
        ctx.liveChart("drift", "Client drift ‖w_k − w_global‖ after local training (mean over clients that did their full work)", "round",
                "drift", false);

        double sep = p.getDouble("separation");
        GaussianClasses train = GaussianClasses.generate(n, DIM, CLASSES, sep, seed, seed + 1L);
        GaussianClasses test = GaussianClasses.generate(2000, DIM, CLASSES, sep, seed, seed + 2L);
        float[] tx = new float[2000 * DIM];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(test.x[i], 0, tx, i * DIM, DIM);
        }
        NDArray testX = ctx.manager().create(tx, new Shape(2000, DIM)); // (T,d)
        Random rnd = new Random(seed);
        int[] epochs = new int[k];
        for (int i = 0; i < k; i++) {
            epochs[i] = 1 + rnd.nextInt(p.getInt("maxEpochs"));
        }
        FederatedRun.Setting setting = new FederatedRun.Setting(train.x, train.y, CLASSES, testX, test.y, rounds, 32,
                p.getDouble("lr"), 32, epochs, p.getDouble("stragglers"), p.getDouble("dropouts"), seed);
        List<List<Integer>> low = DirichletSplit.split(train.y, CLASSES, k, aLow, 5, new Random(seed + 3L));
        List<List<Integer>> high = DirichletSplit.split(train.y, CLASSES, k, aHigh, 5, new Random(seed + 4L));
        classHeatmap(ctx, low, train.y, aLow);

        double mu = p.getDouble("mu");
        double z = p.getDouble("dpNoise");
        int runs = z > 0 ? 5 : 4;
        int[] progress = {0, runs * rounds + 1};
        String lo = " α=" + Claim.num(aLow);
        String hi = " α=" + Claim.num(aHigh);
        FederatedRun.Result avgLow = FederatedRun.run(ctx, new FederatedRun.Config("FedAvg", 0, false, 0, 0), setting, low,
                "accuracy", "drift", "FedAvg" + lo, progress);
        FederatedRun.Result proxLow = FederatedRun.run(ctx, new FederatedRun.Config("FedProx", mu, true, 0, 0), setting,
                low, "accuracy", "drift", "FedProx" + lo, progress);
        FederatedRun.Result avgHigh = FederatedRun.run(ctx, new FederatedRun.Config("FedAvg", 0, false, 0, 0), setting,
                high, "accuracy", null, "FedAvg" + hi, progress);
        FederatedRun.Result proxHigh = FederatedRun.run(ctx, new FederatedRun.Config("FedProx", mu, true, 0, 0), setting,
                high, "accuracy", null, "FedProx" + hi, progress);
        FederatedRun.Result dp = z > 0 ? FederatedRun.run(ctx, new FederatedRun.Config("DP-FedAvg", 0, false, z,
                p.getDouble("clip")), setting, high, "accuracy", null, "DP-FedAvg z=" + Claim.num(z) + hi, progress) : null;

        int tail = Math.min(5, rounds);
        double accAvgLow = tailMean(avgLow.accuracy(), tail);
        double accProxLow = tailMean(proxLow.accuracy(), tail);
        double accAvgHigh = tailMean(avgHigh.accuracy(), tail);
        double accProxHigh = tailMean(proxHigh.accuracy(), tail);
        double driftAvg = nanMean(avgLow.drift());
        double driftProx = nanMean(proxLow.drift());
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("FedAvg", Claim.num(aLow), Claim.num(accAvgLow), Claim.num(driftAvg)),
                List.of("FedProx μ=" + Claim.num(mu), Claim.num(aLow), Claim.num(accProxLow), Claim.num(driftProx)),
                List.of("FedAvg", Claim.num(aHigh), Claim.num(accAvgHigh), Claim.num(nanMean(avgHigh.drift()))),
                List.of("FedProx μ=" + Claim.num(mu), Claim.num(aHigh), Claim.num(accProxHigh),
                        Claim.num(nanMean(proxHigh.drift())))));
        if (dp != null) {
            rows.add(List.of("DP-FedAvg z=" + Claim.num(z) + " C=" + Claim.num(p.getDouble("clip")), Claim.num(aHigh),
                    Claim.num(tailMean(dp.accuracy(), tail)), Claim.num(nanMean(dp.drift()))));
            ctx.metric("accuracy DP-FedAvg (α high)", tailMean(dp.accuracy(), tail), "");
            ctx.metric("accuracy cost of DP (α high)", accAvgHigh - tailMean(dp.accuracy(), tail), "");
        }
        ctx.table(new Table("accuracy", "Global test accuracy (mean of the last " + tail + " rounds) and mean client drift",
                List.of("algorithm", "α", "accuracy", "drift"), rows));
        ctx.metric("accuracy FedAvg (α low)", accAvgLow, "");
        ctx.metric("accuracy FedProx (α low)", accProxLow, "");
        ctx.metric("accuracy FedAvg (α high)", accAvgHigh, "");
        ctx.metric("accuracy FedProx (α high)", accProxHigh, "");
        ctx.metric("mean drift FedAvg (α low)", driftAvg, "");
        ctx.metric("mean drift FedProx (α low)", driftProx, "");

        ctx.claim(Claim.atLeast("Label skew hurts FedAvg: accuracy at α=" + Claim.num(aHigh) + " minus at α=" + Claim.num(aLow),
                accAvgHigh - accAvgLow, 0.02));
        ctx.claim(Claim.atMost("FedProx's proximal term reins in client drift at α=" + Claim.num(aLow) + ": drift ratio FedProx/FedAvg",
                driftProx / driftAvg, 0.9));
        ctx.claim(Claim.atLeast("With stragglers, FedProx (keeps partial work) is at least as accurate as FedAvg (drops it) at α="
                + Claim.num(aLow) + ": difference", accProxLow - accAvgLow, -0.03));

        SecureSumPanel.show(ctx, proxLow.lastUpdates(), proxLow.lastSizes(), seed + 5L);
        ctx.progress(progress[1], progress[1], "secure aggregation");
        ctx.note("FedAvg: the server replaces the global model by the sample-count-weighted mean of the returned client "
                + "models. FedProx changes only the client's objective, F_k(w) + μ/2·‖w − w_global‖², whose gradient adds "
                + "μ(w − w_global) at every local step; the server still averages the same way. FedAvg here discards "
                + "stragglers' partial work and FedProx keeps it, as in the FedProx paper's comparison.");
        ctx.note("Heterogeneity: client k trains " + java.util.Arrays.toString(epochs) + " local epochs (by client); each round "
                + "a client is a straggler with probability " + Claim.num(p.getDouble("stragglers")) + " and drops out with "
                + "probability " + Claim.num(p.getDouble("dropouts")) + ". The same random draws are used for every algorithm.");
        if (dp != null) {
            ctx.note("DP-FedAvg clips each client update to norm C, averages with equal weights and adds N(0, (z·C)²) per "
                    + "coordinate to the sum (the Gaussian mechanism). With only a handful of clients per round the noise on "
                    + "the mean, z·C/m, is large, hence the big accuracy cost; deployments average over thousands of "
                    + "clients per round. No privacy accounting (ε, δ) is computed here.");
        }
    }

    private static void classHeatmap(LegacyContext ctx, List<List<Integer>> clients, int[] y, double alpha) {
        double[][] counts = new double[clients.size()][CLASSES];
        List<String> rows = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (int k = 0; k < clients.size(); k++) {
            for (int i : clients.get(k)) {
                counts[k][y[i]]++;
            }
            rows.add("client " + k + " (n=" + clients.get(k).size() + ")");
        }
        for (int c = 0; c < CLASSES; c++) {
            cols.add("class " + c);
        }
        ctx.heatmap(new Heatmap("split", "Samples per client and class, Dirichlet α=" + Claim.num(alpha), "client", "class",
                counts, rows, cols));
    }

    private static double tailMean(double[] v, int tail) {
        double s = 0;
        for (int i = v.length - tail; i < v.length; i++) {
            s += v[i];
        }
        return s / tail;
    }

    private static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                s += d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
