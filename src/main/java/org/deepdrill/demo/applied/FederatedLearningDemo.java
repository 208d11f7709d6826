package org.deepdrill.demo.applied;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.GaussianClasses;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q13: FedAvg and FedProx on clients with Dirichlet label skew and uneven devices (local epochs,
 * stragglers, dropouts), at two α values, each repeated on fresh splits and devices and compared in
 * pairs; client drift; secure aggregation of the last round's real updates with a dropout; optionally
 * DP-FedAvg with clipping and Gaussian noise.
 */
public final class FederatedLearningDemo implements Demo<FederatedLearningDemo.Setup, FederatedLearningDemo.Run> {
    public static final String ID = "federated-learning";
    private static final int CLASSES = 10;
    private static final int DIM = 20;
    private static final int TEST = 2000;
    private static final int BATCH = 32;
    private static final int HIDDEN = 32;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Federated learning: non-IID clients, FedAvg vs FedProx, secure sum",
            "Clients with Dirichlet(α) label skew and uneven devices train a small MLP. FedAvg (weighted by sample count) "
                    + "and FedProx (μ/2·‖w − w_g‖² in each client's loss) at two α values over several repeats, client "
                    + "drift, pairwise-masked secure aggregation with dropout recovery, and optional DP noise.",
            List.of("q13-federated-learning"),
            List.of(ParamSpec.ofInt("clients", "Clients K").range(4, 40).byDefault(10).quick(8),
                    ParamSpec.ofInt("samples", "Training samples in total").range(500, 20000).byDefault(4000).quick(2000),
                    ParamSpec.ofDouble("alphaLow", "Dirichlet α, non-IID").range(0.01, 10).byDefault(0.1)
                            .help("small: few classes per client"),
                    ParamSpec.ofDouble("alphaHigh", "Dirichlet α, near-IID").range(0.1, 1000).byDefault(100),
                    ParamSpec.ofInt("rounds", "Communication rounds").range(3, 200).byDefault(25).quick(12),
                    ParamSpec.ofInt("maxEpochs", "Local epochs, up to").range(1, 10).byDefault(4).quick(3)
                            .help("each client gets 1..max"),
                    ParamSpec.ofDouble("stragglers", "Straggler rate per round").range(0, 0.9).byDefault(0.7)
                            .help("a straggler completes 10–90% of its local work"),
                    ParamSpec.ofDouble("dropouts", "Dropout rate per round").range(0, 0.9).byDefault(0.1)
                            .help("a dropped client sends nothing"),
                    ParamSpec.ofDouble("mu", "FedProx μ").range(0, 10).byDefault(0.5),
                    ParamSpec.ofDouble("lr", "Local learning rate").range(1e-3, 1).byDefault(0.1).help("plain SGD, batch 32"),
                    ParamSpec.ofDouble("separation", "Class separation").range(0.1, 3).byDefault(0.6)
                            .help("spread of the class means"),
                    ParamSpec.ofDouble("dpNoise", "DP noise multiplier z (0 = off)").range(0, 5).byDefault(1).quick(0)
                            .help("noise σ = z·C on the sum"),
                    ParamSpec.ofDouble("clip", "DP clipping norm C").range(0.01, 10).byDefault(1),
                    ParamSpec.ofInt("repeats", "Repeats").range(1, 8).byDefault(4)
                            .help("fresh splits, devices and initial weights; accuracies are averaged over repeats"),
                    ParamSpec.seed(13)));

    /**
     * Checked parameters. {@code proxOnServer}: FedProx's clients train plainly and the server applies μ
     * after averaging (the wrong FedProx). {@code masking}: how clients hide updates in the secure sum.
     */
    public record Setup(int clients, int samples, double alphaLow, double alphaHigh, int rounds, int maxEpochs,
                        double stragglers, double dropouts, double mu, double lr, double separation, double dpNoise,
                        double clip, int repeats, long seed, boolean proxOnServer, SecureSumCheck.Masking masking) {
        Setup with(boolean serverProx, SecureSumCheck.Masking m) {
            return new Setup(clients, samples, alphaLow, alphaHigh, rounds, maxEpochs, stragglers, dropouts, mu, lr,
                    separation, dpNoise, clip, repeats, seed, serverProx, m);
        }
    }

    /**
     * Algorithms in this order: FedAvg α low, FedProx α low, FedAvg α high, FedProx α high, then DP-FedAvg
     * α high when dpNoise > 0. tailAccuracy[a][r]: mean global test accuracy over the last {@code tail}
     * rounds of repeat r; drift[a][r]: mean client drift over the rounds; curve[a][t]: accuracy after round t,
     * mean over repeats. classCounts/epochs: repeat 0's α-low split and local epochs.
     */
    public record Run(int clients, int rounds, int tail, double alphaLow, double alphaHigh, double mu, double dpNoise,
                      double clip, double stragglers, double dropouts, double[][] tailAccuracy, double[][] drift,
                      double[][] curve, double[][] classCounts, int[] epochs, SecureSumCheck.Result secureSum) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int k = p.getInt("clients");
        int n = p.getInt("samples");
        double aLow = p.getDouble("alphaLow");
        double aHigh = p.getDouble("alphaHigh");
        if (aHigh <= aLow) {
            throw new ParamException("Parameter 'alphaHigh' (" + aHigh + ") must exceed 'alphaLow' (" + aLow + ")");
        }
        if (n < 20 * k) {
            throw new ParamException("Parameter 'samples' (" + n + ") must be at least 20 per client: ≥ " + 20 * k);
        }
        return new Setup(k, n, aLow, aHigh, p.getInt("rounds"), p.getInt("maxEpochs"), p.getDouble("stragglers"),
                p.getDouble("dropouts"), p.getDouble("mu"), p.getDouble("lr"), p.getDouble("separation"),
                p.getDouble("dpNoise"), p.getDouble("clip"), p.getInt("repeats"), p.getInt("seed"), false,
                SecureSumCheck.Masking.PAIRWISE);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("prox-on-server", "FedProx's clients train plainly; the server subtracts μ/2·Σ(n_k/n)·‖Δ_k‖² "
                                + "from every coordinate after averaging", s -> s.with(true, s.masking()))
                        .flips("prox-reins-drift", "nothing pulls the local models back, and the scalar the server "
                                + "subtracts from every weight grows with their drift, round after round")
                        .flips("prox-keeps-stragglers", "that shift wrecks the global model, so the broken FedProx falls "
                                + "far behind FedAvg")
                        .explainedIn("Fixes for drift")
                        .build(),
                Break.<Setup>of("masks-not-rebuilt", "When a client drops after masking, the server sums the survivors' "
                                + "masked updates without rebuilding its pair masks", s -> s.with(s.proxOnServer(),
                                SecureSumCheck.Masking.PAIRWISE_NO_RECOVERY))
                        .flips("secure-sum-recovers-dropout", "the dropped client's masks no longer cancel, so almost "
                                + "every coordinate of the sum is random")
                        .explainedIn("Privacy: what the server must not see")
                        .build(),
                Break.<Setup>of("public-vector-mask", "Each client multiplies its update by a public random vector "
                                + "instead of adding pairwise masks", s -> s.with(s.proxOnServer(),
                                SecureSumCheck.Masking.PUBLIC_VECTOR))
                        .flips("masked-update-hides", "x ⊙ r with r in [0.5, 2] still follows x, coordinate by coordinate")
                        .explainedIn("Privacy: what the server must not see")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double[][] acc = r.tailAccuracy();
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.atLeast("skew-hurts", "Label skew hurts FedAvg: accuracy at α high minus at α low, mean over "
                + "repeats", meanDifference(acc[2], acc[0]), 0.02));
        claims.add(Claim.atMost("prox-reins-drift", "FedProx's proximal term reins in client drift at α low: drift ratio "
                + "FedProx/FedAvg", Fit.mean(r.drift()[1]) / Fit.mean(r.drift()[0]), 0.9));
        claims.add(Claim.atLeast("prox-keeps-stragglers", "When many clients straggle, FedProx (keeps their partial "
                + "work) is at least as accurate as FedAvg (drops it) at α low: paired difference, mean over repeats",
                meanDifference(acc[1], acc[0]), 0));
        claims.add(Claim.atMost("secure-sum-recovers-dropout", "After a client drops, rebuilding its masks from Shamir "
                + "shares gives the survivors' exact sum: wrong coordinates", r.secureSum().wrongAfterRecovery(), 0));
        claims.add(Claim.atMost("masked-update-hides", "One masked update tells the server nothing about the update: "
                + "largest |correlation| over clients", r.secureSum().maxCorrelation(), 0.2));
        return claims;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int k = s.clients();
        ctx.liveChart("accuracy", "Global test accuracy vs round (mean over repeats)", "round", "accuracy", false);
        ctx.liveChart("drift", "Client drift ‖w_k − w_global‖ after local training, α low (clients that did their "
                + "full work, mean over repeats)", "round", "drift", false);
        GaussianClasses train = GaussianClasses.generate(s.samples(), DIM, CLASSES, s.separation(), s.seed(), s.seed() + 1L);
        GaussianClasses test = GaussianClasses.generate(TEST, DIM, CLASSES, s.separation(), s.seed(), s.seed() + 2L);
        int reps = s.repeats();
        List<List<List<Integer>>> low = new ArrayList<>();
        List<List<List<Integer>>> high = new ArrayList<>();
        int[][] epochs = new int[reps][k];
        for (int r = 0; r < reps; r++) {
            low.add(DirichletSplit.split(train.y, CLASSES, k, s.alphaLow(), 5, new Random(s.seed() + 3L + 10L * r)));
            high.add(DirichletSplit.split(train.y, CLASSES, k, s.alphaHigh(), 5, new Random(s.seed() + 4L + 10L * r)));
            Random er = new Random(s.seed() + 5L + 10L * r);
            for (int j = 0; j < k; j++) {
                epochs[r][j] = 1 + er.nextInt(s.maxEpochs());
            }
        }
        String lo = " α=" + Claim.num(s.alphaLow());
        String hi = " α=" + Claim.num(s.alphaHigh());
        double clientMu = s.proxOnServer() ? 0 : s.mu();
        double serverMu = s.proxOnServer() ? s.mu() : 0;
        List<FederatedSimulation.Algorithm> algs = new ArrayList<>(List.of(
                new FederatedSimulation.Algorithm("FedAvg" + lo, 0, 0, false, 0, 0, 0),
                new FederatedSimulation.Algorithm("FedProx" + lo, 0, clientMu, true, 0, 0, serverMu),
                new FederatedSimulation.Algorithm("FedAvg" + hi, 1, 0, false, 0, 0, 0),
                new FederatedSimulation.Algorithm("FedProx" + hi, 1, clientMu, true, 0, 0, serverMu)));
        if (s.dpNoise() > 0) {
            algs.add(new FederatedSimulation.Algorithm("DP-FedAvg z=" + Claim.num(s.dpNoise()) + hi, 1, 0, false,
                    s.dpNoise(), s.clip(), 0));
        }
        FederatedSimulation.World world = new FederatedSimulation.World(train.x, train.y, CLASSES, test.x, test.y, k,
                s.rounds(), HIDDEN, s.lr(), BATCH, epochs, s.stragglers(), s.dropouts(), reps, s.seed());
        FederatedSimulation.Outcome out = FederatedSimulation.run(ctx, world, algs, List.of(low, high), 0, "accuracy",
                "drift");
        SecureSumCheck.Result secure = SecureSumCheck.run(out.lastUpdates(), out.lastSizes(), s.seed() + 5L, s.masking());
        ctx.progress(s.rounds() + 1, s.rounds() + 1, "secure aggregation");

        int tail = Math.min(5, s.rounds());
        int nAlg = algs.size();
        double[][] tailAcc = new double[nAlg][reps];
        double[][] drift = new double[nAlg][reps];
        double[][] curve = new double[nAlg][s.rounds() + 1];
        for (int a = 0; a < nAlg; a++) {
            for (int r = 0; r < reps; r++) {
                double[] accR = out.accuracy()[a][r];
                tailAcc[a][r] = Fit.mean(Arrays.copyOfRange(accR, accR.length - tail, accR.length));
                drift[a][r] = nanMean(out.drift()[a][r]);
                for (int t = 0; t <= s.rounds(); t++) {
                    curve[a][t] += accR[t] / reps;
                }
            }
        }
        double[][] counts = new double[k][CLASSES];
        for (int j = 0; j < k; j++) {
            for (int i : low.get(0).get(j)) {
                counts[j][train.y[i]]++;
            }
        }
        return new Run(k, s.rounds(), tail, s.alphaLow(), s.alphaHigh(), s.mu(), s.dpNoise(), s.clip(), s.stragglers(),
                s.dropouts(), tailAcc, drift, curve, counts, epochs[0], secure);
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder b = Presentation.builder();
        String lo = Claim.num(r.alphaLow());
        String hi = Claim.num(r.alphaHigh());
        List<String> names = new ArrayList<>(List.of("FedAvg", "FedProx μ=" + Claim.num(r.mu()), "FedAvg",
                "FedProx μ=" + Claim.num(r.mu())));
        List<String> alphas = new ArrayList<>(List.of(lo, lo, hi, hi));
        if (r.tailAccuracy().length > 4) {
            names.add("DP-FedAvg z=" + Claim.num(r.dpNoise()) + " C=" + Claim.num(r.clip()));
            alphas.add(hi);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int a = 0; a < names.size(); a++) {
            rows.add(List.of(names.get(a), alphas.get(a), Claim.num(Fit.mean(r.tailAccuracy()[a])),
                    Claim.num(min(r.tailAccuracy()[a])) + "–" + Claim.num(max(r.tailAccuracy()[a])),
                    Claim.num(Fit.mean(r.drift()[a]))));
            b.metric("accuracy " + names.get(a) + " (α=" + alphas.get(a) + ")", Fit.mean(r.tailAccuracy()[a]), "");
        }
        b.table(new Table("accuracy", "Global test accuracy (mean of the last " + r.tail() + " rounds, over "
                + r.tailAccuracy()[0].length + " repeats) and mean client drift",
                List.of("algorithm", "α", "accuracy", "range over repeats", "drift"), rows));
        b.metric("mean drift FedAvg (α low)", Fit.mean(r.drift()[0]), "");
        b.metric("mean drift FedProx (α low)", Fit.mean(r.drift()[1]), "");
        if (r.tailAccuracy().length > 4) {
            b.metric("accuracy cost of DP (α high)", Fit.mean(r.tailAccuracy()[2]) - Fit.mean(r.tailAccuracy()[4]), "");
        }
        double[] rounds = new double[r.rounds() + 1];
        for (int t = 0; t <= r.rounds(); t++) {
            rounds[t] = t;
        }
        List<Series> curves = new ArrayList<>();
        for (int a = 0; a < names.size(); a++) {
            curves.add(new Series(names.get(a) + " α=" + alphas.get(a), rounds, r.curve()[a]));
        }
        b.chart(Chart.line("accuracy", "Global test accuracy vs round (mean over repeats)", "round", "accuracy", curves));

        List<String> rowNames = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < r.classCounts().length; j++) {
            rowNames.add("client " + j + " (n=" + (int) Arrays.stream(r.classCounts()[j]).sum() + ")");
        }
        for (int c = 0; c < CLASSES; c++) {
            cols.add("class " + c);
        }
        b.heatmap(new Heatmap("split", "Samples per client and class, Dirichlet α=" + lo + " (first repeat)", "client",
                "class", r.classCounts(), rowNames, cols));

        SecureSumCheck.Result sec = r.secureSum();
        b.chart(Chart.scatter("secagg-sent", "Client 0: what the server receives vs the true update n·Δ", "true "
                + "coordinate of n·Δ", "received (pairwise masks: / 2^63)", List.of(new Series("sent", sec.truth(), sec.sent()))));
        b.table(new Table("secure-sum", "Secure sum of " + sec.clients() + " client updates (" + sec.coordinates()
                + " coordinates, Z_2^64, fixed point 2^-24, Shamir threshold " + sec.threshold() + " of " + sec.clients() + ")",
                List.of("check", "value"),
                List.of(List.of("coordinates where Σ received ≠ Σ true (nobody drops)", Integer.toString(sec.wrongAllClients())),
                        List.of("max |decoded secure sum − float sum|", Claim.num(sec.maxFloatError())),
                        List.of("max |corr(sent, true update)| over clients", Claim.num(sec.maxCorrelation())),
                        List.of("one client drops: wrong coordinates before recovery", sec.wrongWithoutRecovery() + " of "
                                + sec.coordinates()),
                        List.of("…after the server's recovery step", Integer.toString(sec.wrongAfterRecovery())))));
        b.note("FedAvg: the server replaces the global model by the sample-count-weighted mean of the returned client "
                + "models. FedProx changes only the client's objective, F_k(w) + μ/2·‖w − w_global‖², whose gradient adds "
                + "μ(w − w_global) at every local step; the server still averages the same way. FedAvg here discards "
                + "stragglers' partial work and FedProx keeps it, as in the FedProx paper's comparison.");
        b.note("Heterogeneity: in the first repeat client k trains " + Arrays.toString(r.epochs()) + " local epochs; each "
                + "round a client is a straggler with probability " + Claim.num(r.stragglers()) + " and drops out with "
                + "probability " + Claim.num(r.dropouts()) + ". Every algorithm sees the same devices, split and initial "
                + "weights within a repeat, so FedAvg and FedProx are compared in pairs.");
        b.note("Secure aggregation here is simplified. A trusted set-up draws each pair seed and deals its Shamir shares; "
                + "in the real protocol every pair derives its seed by Diffie–Hellman key agreement and each client "
                + "secret-shares its own key, plus a self-mask (double masking) so a client that was only late cannot be "
                + "unmasked. The PRG is SplittableRandom, not a cryptographic one such as AES-CTR. The arithmetic is the "
                + "real one: fixed point in Z_2^64, so the masks cancel exactly.");
        if (r.tailAccuracy().length > 4) {
            b.note("DP-FedAvg clips each client update to norm C, averages with equal weights and adds N(0, (z·C)²) per "
                    + "coordinate to the sum (the Gaussian mechanism). With only a handful of clients per round the noise on "
                    + "the mean, z·C/m, is large; deployments average over thousands of clients per round. No privacy "
                    + "accounting (ε, δ) is computed here.");
        }
        return b.build();
    }

    private static double meanDifference(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] - b[i];
        }
        return s / a.length;
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

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
