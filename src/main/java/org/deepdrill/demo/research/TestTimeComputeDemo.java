package org.deepdrill.demo.research;

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
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q36: test-time compute. A noisy solver is P small networks ("reasoning paths"), each trained on its
 * own resample of a small noisy set; one sampled solve follows a random path. Majority vote
 * (self-consistency) and best-of-N with an imperfect verifier (a network trained on fewer points)
 * are measured against N and compared with the predictions for independent samples.
 */
public final class TestTimeComputeDemo implements Demo<TestTimeComputeDemo.Setup, TestTimeComputeDemo.Run> {
    public static final String ID = "test-time-compute";
    private static final int DIM = 10;
    private static final int HIDDEN = 32;
    private static final double SEPARATION = 2.0;
    private static final double LABEL_NOISE = 0.2;
    private static final int POOL_FACTOR = 3;
    private static final double BLIND_SPOT = 0.6;
    private static final int PROBLEMS = 1000;
    private static final double LR = 3e-3;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Test-time compute: majority vote and best-of-N",
            "Trains a noisy solver (many small networks, one per sampled reasoning path) and an imperfect verifier, then "
                    + "measures the accuracy of majority voting and of best-of-N against the number of samples, beside the "
                    + "binomial prediction for independent samples.",
            List.of("q36-test-time-compute"),
            List.of(ParamSpec.ofInt("paths", "Reasoning paths (networks) in the solver").range(8, 32).byDefault(16),
                    ParamSpec.ofInt("trainPoints", "Training points per path").range(60, 200).byDefault(100)
                            .help("drawn from a shared pool three times as large"),
                    ParamSpec.ofInt("verifierPoints", "Training points of the verifier").range(100, 400).byDefault(200)
                            .help("clean labels, except one region it learns wrong"),
                    ParamSpec.ofInt("steps", "Full-batch Adam steps").range(200, 1500).byDefault(600).quick(300),
                    ParamSpec.ofInt("maxSamples", "Largest number of samples N (odd values up to it)").range(15, 63).byDefault(31),
                    ParamSpec.ofInt("repeats", "Simulated rounds per problem").range(5, 200).byDefault(40).quick(20),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code greedy} (the break) makes every sample follow the same path. */
    public record Setup(int paths, int trainPoints, int verifierPoints, int steps, int maxSamples, int repeats, long seed,
                        boolean greedy) {
        Setup greedyDecoding() {
            return new Setup(paths, trainPoints, verifierPoints, steps, maxSamples, repeats, seed, true);
        }
    }

    /**
     * Per N: measured and predicted majority-vote and best-of-N accuracy, and the vote predicted with
     * one average accuracy for every problem. Plus the mean per-sample accuracy, the verifier's
     * accuracy, the share of problems most paths get right, and the training-loss curve.
     */
    public record Run(double[] ns, double[] vote, double[] votePredicted, double[] voteAverageP, double[] best,
                      double[] bestPredicted, double perSample, double verifierAcc, double mostlyRight, double[] lossSteps,
                      double[] pathLoss, double[] verifierLoss) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("paths"), p.getInt("trainPoints"), p.getInt("verifierPoints"), p.getInt("steps"),
                p.getInt("maxSamples"), p.getInt("repeats"), p.getInt("seed"), false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("greedy-samples", "Temperature 0: every sample follows the same, most likely path",
                        Setup::greedyDecoding)
                .flips("voting-helps", "identical samples outvote nothing: N copies of one answer")
                .flips("best-of-n-overoptimises", "with one answer on offer the verifier never gets to choose")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.ns().length - 1;
        int n = (int) r.ns()[last];
        return List.of(
                Claim.atLeast("voting-helps", "Majority vote over N = " + n + " samples − one sample, in accuracy",
                        r.vote()[last] - r.vote()[0], 0.03),
                Claim.atLeast("difficulty-caps-voting", "One average accuracy overshoots: the binomial with the mean p − the "
                        + "measured vote, at N = " + n, r.voteAverageP()[last] - r.vote()[last], 0.05),
                Claim.atLeast("best-of-n-overoptimises", "With an imperfect verifier more samples end up hurting: best "
                        + "best-of-N accuracy over N − best-of-N at N = " + n, max(r.best()) - r.best()[last], 0.02));
    }

    static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    static double maxGap(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        Random rnd = new Random(s.seed() + 7);
        Points pool = Points.draw(POOL_FACTOR * s.trainPoints(), rnd).withNoise(LABEL_NOISE, rnd);
        Points vset = Points.draw(s.verifierPoints(), rnd).withBlindSpot();
        Points test = Points.draw(PROBLEMS, rnd);
        int[] noisy = pool.y;
        NDArray[] resampled = resample(m, pool.x, noisy, s.paths(), s.trainPoints(), rnd); // x (P,n,d), one-hot (P,n,2)
        NDArray xv = m.create(vset.x);
        NDArray yv = m.create(vset.y).toType(DataType.INT64, false).oneHot(2).toType(DataType.FLOAT32, false);
        PathNets solver = new PathNets(m, s.paths(), DIM, HIDDEN, 2);
        Mlp verifier = new Mlp(m, DIM, HIDDEN, HIDDEN, 2);

        ctx.liveChart("loss", "Training loss of the solver's paths and of the verifier (live)", "step", "cross-entropy", true);
        int every = Math.max(1, s.steps() / 30);
        List<double[]> curve = new ArrayList<>();
        try (OneThread one = OneThread.on(ctx)) {
            for (int step = 1; step <= s.steps(); step++) {
                double pl;
                double vl;
                try (NDManager sub = m.newSubManager()) {
                    sub.tempAttachAll(resampled);
                    sub.tempAttachAll(xv, yv);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pathLoss = solver.forward(resampled[0]).logSoftmax(-1).mul(resampled[1]).sum().neg()
                                .div(s.paths() * s.trainPoints());
                        NDArray verLoss = verifier.forward(xv).logSoftmax(-1).mul(yv).sum().neg().div(s.verifierPoints());
                        pl = ctx.checkFinite("loss", pathLoss.getFloat());
                        vl = ctx.checkFinite("verifier loss", verLoss.getFloat());
                        gc.backward(pathLoss.add(verLoss));
                    }
                }
                solver.adam.step(LR);
                verifier.adam.step(LR);
                if (step == 1 || step % every == 0 || step == s.steps()) {
                    curve.add(new double[] {step, pl, vl});
                    ctx.point("loss", "solver paths (mean)", step, pl);
                    ctx.point("loss", "verifier", step, vl);
                    ctx.progress(step, s.steps(), "step " + step);
                }
            }
        }
        boolean[][] right = pathAnswers(m, solver, test);
        boolean[] verifierRight = verifierAnswers(m, verifier, test);
        return simulate(s, ctx, right, verifierRight, curve);
    }

    private Run simulate(Setup s, DemoContext ctx, boolean[][] right, boolean[] verifierRight, List<double[]> curve) {
        int[] ns = new int[(s.maxSamples() + 1) / 2];
        for (int k = 0; k < ns.length; k++) {
            ns[k] = 2 * k + 1;
        }
        double[] p = new double[PROBLEMS];
        double mean = 0;
        double mostly = 0;
        double verifierAcc = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            for (boolean[] path : right) {
                p[i] += path[i] ? 1.0 / right.length : 0;
            }
            mean += p[i] / PROBLEMS;
            mostly += p[i] > 0.5 ? 1.0 / PROBLEMS : 0;
            verifierAcc += verifierRight[i] ? 1.0 / PROBLEMS : 0;
        }
        double[] average = new double[PROBLEMS];
        java.util.Arrays.fill(average, mean);
        double[] votePred = Voting.predictVote(p, ns);
        double[] voteAvg = Voting.predictVote(average, ns);
        double[] bestPred = Voting.predictBest(p, verifierRight, ns);
        double[][] measured = Voting.simulate(right, verifierRight, ns, s.repeats(), new Random(s.seed() + 99), s.greedy());
        ctx.liveChart("accuracy", "Accuracy against samples N (live)", "samples N", "accuracy", false);
        double[] nd = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            nd[k] = ns[k];
            ctx.point("accuracy", "majority vote (measured)", ns[k], measured[0][k]);
            ctx.point("accuracy", "binomial prediction", ns[k], votePred[k]);
            ctx.point("accuracy", "best-of-N (measured)", ns[k], measured[1][k]);
        }
        return new Run(nd, measured[0], votePred, voteAvg, measured[1], bestPred, mean, verifierAcc, mostly,
                curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> c[1]).toArray(),
                curve.stream().mapToDouble(c -> c[2]).toArray());
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        out.chart(Chart.line("scaling", "Accuracy against the number of samples N", "samples N", "accuracy", List.of(
                new Series("majority vote (measured)", r.ns(), r.vote()),
                new Series("binomial, each problem's p_i", r.ns(), r.votePredicted()),
                new Series("binomial, one average p", r.ns(), r.voteAverageP()),
                new Series("best-of-N with the verifier (measured)", r.ns(), r.best()),
                new Series("best-of-N predicted", r.ns(), r.bestPredicted()))));
        out.chart(Chart.line("training", "Training loss", "step", "cross-entropy", List.of(
                new Series("solver paths (mean)", r.lossSteps(), r.pathLoss()),
                new Series("verifier", r.lossSteps(), r.verifierLoss()))).withLog(false, true));
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < r.ns().length; k++) {
            rows.add(List.of(Claim.num(r.ns()[k]), Claim.num(r.vote()[k]), Claim.num(r.votePredicted()[k]),
                    Claim.num(r.voteAverageP()[k]), Claim.num(r.best()[k]), Claim.num(r.bestPredicted()[k])));
        }
        out.table(new Table("per-n", "Accuracy per number of samples", List.of("N", "vote", "binomial (p_i)",
                "binomial (mean p)", "best-of-N", "best-of-N predicted"), rows));
        int last = r.ns().length - 1;
        return out.metric("per-sample accuracy (mean p_i)", r.perSample(), "")
                .metric("share of problems most paths get right (p_i > 0.5)", r.mostlyRight(), "")
                .metric("verifier accuracy", r.verifierAcc(), "")
                .metric("majority vote at N = " + (int) r.ns()[last], r.vote()[last], "")
                .metric("best-of-N at N = " + (int) r.ns()[last], r.best()[last], "")
                .metric("vote: largest |measured − binomial (p_i)| over N (agrees by construction: i.i.d. draws)",
                        maxGap(r.vote(), r.votePredicted()), "")
                .metric("best-of-N: largest |measured − predicted| over N (same rule in closed form)",
                        maxGap(r.best(), r.bestPredicted()), "")
                .note("Binary task: two overlapping Gaussian classes in " + DIM + " dimensions, " + Claim.num(100 * LABEL_NOISE)
                        + "% of training labels flipped. Each path is an MLP " + DIM + "-" + HIDDEN + "-" + HIDDEN
                        + "-2 trained on its own bootstrap resample; a sample picks a path uniformly. p_i is the share of "
                        + "paths right on problem i. The verifier is one MLP trained on a separate, smaller set; best-of-N "
                        + "returns the sampled answer it rates higher. " + PROBLEMS + " test problems.")
                .build();
    }

    /** Two classes in DIM dimensions: x ~ N(±(δ/2)·e₁, I), so the best possible accuracy is Φ(δ/2). */
    record Points(float[][] x, int[] y) {
        static Points draw(int n, Random rnd) {
            float[][] x = new float[n][DIM];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = rnd.nextInt(2);
                for (int j = 0; j < DIM; j++) {
                    x[i][j] = (float) (rnd.nextGaussian() + (j == 0 ? (y[i] - 0.5) * SEPARATION : 0));
                }
            }
            return new Points(x, y);
        }

        /** The same points with every label flipped where x₂ > {@value #BLIND_SPOT}: a verifier's systematic error. */
        Points withBlindSpot() {
            int[] flipped = y.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = x[i][1] > BLIND_SPOT ? 1 - flipped[i] : flipped[i];
            }
            return new Points(x, flipped);
        }

        /** The same points with each label flipped with probability {@code rate}. */
        Points withNoise(double rate, Random rnd) {
            int[] flipped = y.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = rnd.nextDouble() < rate ? 1 - flipped[i] : flipped[i];
            }
            return new Points(x, flipped);
        }
    }

    /** n draws with replacement from the pool (x, y), one set per path: {x (P,n,d), one-hot y (P,n,2)}. */
    private static NDArray[] resample(NDManager m, float[][] x, int[] y, int paths, int n, Random rnd) {
        float[] xs = new float[paths * n * DIM];
        float[] ys = new float[paths * n * 2];
        for (int p = 0; p < paths; p++) {
            for (int i = 0; i < n; i++) {
                int j = rnd.nextInt(y.length);
                System.arraycopy(x[j], 0, xs, (p * n + i) * DIM, DIM);
                ys[(p * n + i) * 2 + y[j]] = 1;
            }
        }
        return new NDArray[] {m.create(xs, new Shape(paths, n, DIM)), m.create(ys, new Shape(paths, n, 2))};
    }

    /** right[path][problem]: whether that path's arg-max is the true class. */
    private static boolean[][] pathAnswers(NDManager m, PathNets solver, Points test) {
        try (NDManager sub = m.newSubManager()) {
            NDArray x = sub.create(test.x);
            long[] pred = solver.forward(x).argMax(-1).toType(DataType.INT64, false).toLongArray(); // (P,T)
            boolean[][] right = new boolean[solver.paths][PROBLEMS];
            for (int p = 0; p < solver.paths; p++) {
                for (int i = 0; i < PROBLEMS; i++) {
                    right[p][i] = pred[p * PROBLEMS + i] == test.y[i];
                }
            }
            return right;
        }
    }

    private static boolean[] verifierAnswers(NDManager m, Mlp verifier, Points test) {
        try (NDManager sub = m.newSubManager()) {
            long[] pred = verifier.forward(sub.create(test.x)).argMax(-1).toType(DataType.INT64, false).toLongArray();
            boolean[] right = new boolean[PROBLEMS];
            for (int i = 0; i < PROBLEMS; i++) {
                right[i] = pred[i] == test.y[i];
            }
            return right;
        }
    }
}
