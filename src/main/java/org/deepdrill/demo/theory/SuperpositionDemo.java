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
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q44: superposition. Toy models x' = ReLU(WᵀWx + b) squeeze 20 features of falling importance into
 * 5 dimensions, at four feature sparsities, several instances each. Counts the features each model
 * stores (‖W_i‖ > 0.5), which ones, and how they overlap; then trains sparse autoencoders on the
 * hidden activations of the sparsest models and counts the stored features whose direction a
 * dictionary atom matches.
 */
public final class SuperpositionDemo implements Demo<SuperpositionDemo.Setup, SuperpositionDemo.Run> {
    public static final String ID = "superposition";
    static final int FEATURES = 20;
    static final int DIMS = 5;
    static final double[] SPARSITY = {0, 0.7, 0.9, 0.97};
    static final double STORED = 0.5;
    static final double MATCH = 0.95;
    private static final double IMPORTANCE_DECAY = 0.9;
    private static final int BATCH = 256;
    private static final int SAE_BATCH = 256;
    private static final double LR = 3e-2;
    private static final double SAE_LR = 3e-2;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Superposition: more features than dimensions, and a sparse "
            + "autoencoder that finds them",
            "Trains toy models that squeeze 20 features into 5 dimensions at four sparsities and counts the features each "
                    + "stores; then trains sparse autoencoders on the hidden activations of the sparsest models and counts "
                    + "how many stored feature directions their dictionaries recover.",
            List.of("q44-superposition-interpretability"),
            List.of(ParamSpec.ofInt("steps", "Toy-model Adam steps").range(1000, 4000).byDefault(1500).quick(1000),
                    ParamSpec.ofInt("repeats", "Toy models per sparsity").range(2, 6).byDefault(4).quick(3)
                            .help("independent instances trained side by side; counts are averaged over them"),
                    ParamSpec.ofInt("saeSteps", "Sparse-autoencoder Adam steps").range(700, 3000).byDefault(1000).quick(700),
                    ParamSpec.ofInt("dictionary", "Dictionary size (atoms)").range(30, 60).byDefault(40),
                    ParamSpec.ofDouble("l1", "L1 coefficient λ on the codes").range(0.15, 0.4).byDefault(0.2),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code relu}, {@code l1} and {@code readNeurons} are what the breaks change. */
    public record Setup(int steps, int repeats, int saeSteps, int dictionary, double l1, long seed, boolean relu,
                        boolean readNeurons) {
        Setup linearReadOut() {
            return new Setup(steps, repeats, saeSteps, dictionary, l1, seed, false, readNeurons);
        }

        Setup withL1(double lambda) {
            return new Setup(steps, repeats, saeSteps, dictionary, lambda, seed, relu, readNeurons);
        }

        Setup neurons() {
            return new Setup(steps, repeats, saeSteps, dictionary, l1, seed, relu, true);
        }
    }

    /**
     * Per sparsity: mean, least and most stored features over the instances, mean |cos| between stored
     * features, antipodal pairs, mean bias of stored features. For the first sparsest model: mean cos²
     * between stored features and the Welch bound for that many directions; over all sparsest models,
     * the mean excess of cos² over that bound. For the dense models: the share of stored features among
     * the {@code dims} most important, and the largest |cos| between two stored ones. Pictures from
     * the first instance: ‖W_i‖ per sparsity and WᵀW of the sparsest. The dictionary: stored features
     * of the sparsest models, how many an atom matches (after training, and at its random start), and
     * the best cosine per feature of the first one. Loss curves per check step.
     */
    public record Run(int features, int dims, double[] sparsity, double[] meanStored, double[] minStored,
                      double[] maxStored, double[] interference, double[] antipodal, double[] storedBias,
                      double sparseSquaredOverlap, double sparseWelch, double packingExcess, double denseTopShare,
                      double denseMaxOverlap, double[][] norms, double[][] gram, int saeStored, int saeMatched,
                      int randomMatched, double[] bestCos, int dictionary, double l1, boolean readNeurons,
                      double[] checkSteps, double[][] lossCurve, double[] saeSteps, double[] saeLoss) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getInt("repeats"), p.getInt("saeSteps"), p.getInt("dictionary"),
                p.getDouble("l1"), p.getInt("seed"), true, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-relu", "The read-out is linear, x' = WᵀWx + b: nothing can filter interference",
                                Setup::linearReadOut)
                        .flips("sparse-superposes", "a linear read-out pays for every overlap, so it keeps about m "
                                + "features at any sparsity")
                        .flips("count-rises", "the stored count stays near m as sparsity grows")
                        .flips("negative-bias", "with no threshold to set, the biases of stored features stay near 0")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("no-l1", "The sparse autoencoder is trained without its L1 penalty (λ = 0)",
                                s -> s.withL1(0))
                        .flips("sae-recovers", "without sparsity any spanning dictionary reconstructs h, so the atoms "
                                + "need not point at features")
                        .explainedIn("Sparse autoencoders: reading the features back")
                        .build(),
                Break.<Setup>of("read-neurons", "The hidden neurons are read as the features: the dictionary is the m "
                                        + "unit axes ±e_k",
                                Setup::neurons)
                        .flips("sae-recovers", "m neurons cannot name more than m features, and the hidden space has no "
                                + "preferred axes")
                        .explainedIn("The common wrong answer")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.meanStored().length - 1;
        double rise = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= last; k++) {
            rise = Math.min(rise, r.meanStored()[k] - r.meanStored()[k - 1]);
        }
        return List.of(
                Claim.atMost("dense-keeps-m", "Dense features (S = 0): features stored, mean over instances",
                        r.meanStored()[0], r.dims()),
                Claim.atLeast("dense-keeps-important", "Dense features: share of the " + r.dims() + " most important "
                        + "features that are stored", r.denseTopShare(), 0.9),
                Claim.atLeast("sparse-superposes", "Sparse features (S = " + Claim.num(r.sparsity()[last]) + "): features "
                        + "stored / dimensions", r.meanStored()[last] / r.dims(), 2),
                Claim.atMost("even-packing", "Sparse features: mean cos² between stored directions minus the least "
                        + "possible for that many directions in m dimensions (Welch bound)", r.packingExcess(), 0.02),
                Claim.atMost("negative-bias", "Sparse features: mean bias of the stored features (a negative bias "
                        + "cuts small interference off)", r.storedBias()[last], -0.1),
                Claim.atLeast("count-rises", "Each step up in sparsity stores more features: smallest rise of the mean "
                        + "count", rise, 0.5),
                Claim.atLeast("sae-recovers", "The sparse autoencoder finds the stored features: share whose direction "
                        + "an atom matches at cosine ≥ " + Claim.num(MATCH), (double) r.saeMatched() / r.saeStored(), 0.7));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        Random rnd = new Random(s.seed());
        int levels = SPARSITY.length;
        double[] present = new double[levels * s.repeats()];
        for (int i = 0; i < present.length; i++) {
            present[i] = 1 - SPARSITY[i / s.repeats()];
        }
        ToyModels toys = new ToyModels(m, present, FEATURES, DIMS, IMPORTANCE_DECAY, s.relu(), rnd);
        List<Double> checks = new ArrayList<>();
        List<double[]> curve = new ArrayList<>();
        List<Double> saeChecks = new ArrayList<>();
        List<Double> saeCurve = new ArrayList<>();
        try (OneThread one = OneThread.on(ctx)) {
            trainToyModels(m, s, ctx, toys, checks, curve);
            double[][][] w = toys.weights();
            double[][][] sources = new double[s.repeats()][][]; // the sparsest models, whose h the dictionaries read
            for (int r = 0; r < s.repeats(); r++) {
                sources[r] = w[(levels - 1) * s.repeats() + r];
            }
            double[][][] start = new double[s.repeats()][][];
            double[][][] atoms = new double[s.repeats()][][];
            if (s.readNeurons()) {
                for (int r = 0; r < s.repeats(); r++) {
                    atoms[r] = FeatureGeometry.neuronAxes(DIMS);
                    start[r] = atoms[r];
                }
            } else {
                SparseDictionary sae = new SparseDictionary(m, s.repeats(), DIMS, s.dictionary(), s.l1(), rnd);
                start = sae.directions();
                atoms = trainDictionary(m, s, ctx, sae, sources, 1 - SPARSITY[levels - 1], saeChecks, saeCurve);
            }
            return summarise(s, w, toys.biases(), sources, start, atoms, checks, curve, saeChecks, saeCurve);
        }
    }

    /** Adam on all toy models at once; the loss per sparsity (mean over instances) goes to the live chart. */
    private void trainToyModels(NDManager m, Setup s, DemoContext ctx, ToyModels toys, List<Double> checks,
                                List<double[]> curve) {
        int levels = SPARSITY.length;
        Updates.Adam adam = new Updates.Adam(toys.params());
        ctx.liveChart("loss", "Toy-model loss per sparsity (live)", "step", "importance-weighted squared error", true);
        int every = Math.max(1, s.steps() / 25);
        for (int step = 1; step <= s.steps(); step++) {
            double[] perInstance = null;
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(toys.params());
                sub.tempAttachAll(toys.constants());
                NDArray x = toys.sample(sub, BATCH);
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = toys.loss(x);
                    gc.backward(loss.sum());
                }
                adam.step(sub, decayed(LR, step, s.steps()));
                if (step == 1 || step % every == 0 || step == s.steps()) {
                    perInstance = loss.toType(DataType.FLOAT64, false).toDoubleArray();
                }
            }
            if (perInstance != null) {
                double[] perLevel = new double[levels];
                for (int i = 0; i < perInstance.length; i++) {
                    perLevel[i / s.repeats()] += perInstance[i] / s.repeats();
                }
                ctx.checkFinite("toy-model loss", java.util.Arrays.stream(perLevel).sum());
                checks.add((double) step);
                curve.add(perLevel);
                for (int l = 0; l < levels; l++) {
                    ctx.point("loss", "S = " + SPARSITY[l], step, perLevel[l]);
                }
                ctx.progress(step, s.steps() + s.saeSteps(), "toy models: step " + step);
            }
        }
    }

    private double[][][] trainDictionary(NDManager m, Setup s, DemoContext ctx, SparseDictionary sae, double[][][] sources,
                                         double presentProb, List<Double> checks, List<Double> curve) {
        int r = sources.length;
        float[] flat = new float[r * DIMS * FEATURES];
        for (int i = 0; i < r; i++) {
            for (int d = 0; d < DIMS; d++) {
                for (int f = 0; f < FEATURES; f++) {
                    flat[(i * DIMS + d) * FEATURES + f] = (float) sources[i][d][f];
                }
            }
        }
        NDArray wt = m.create(flat, new Shape(r, DIMS, FEATURES)).transpose(0, 2, 1); // (R, n, m)
        NDArray p = m.create((float) presentProb);
        NDArray sparsity = m.create((float) (1 - presentProb));
        Updates.Adam adam = new Updates.Adam(sae.params());
        ctx.liveChart("sae-loss", "Sparse-autoencoder loss (live)", "step", "reconstruction + λ·L1", true);
        int every = Math.max(1, s.saeSteps() / 25);
        for (int step = 1; step <= s.saeSteps(); step++) {
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(sae.params());
                sub.tempAttachAll(sae.constants());
                sub.tempAttachAll(wt, p, sparsity);
                Shape shape = new Shape(r, SAE_BATCH, FEATURES);
                NDArray h = ToyModels.sparseUniform(sub, shape, sparsity, p).matMul(wt); // (R, B, m): fresh hidden activations
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = sae.loss(h).sum();
                    gc.backward(loss);
                }
                adam.step(sub, decayed(SAE_LR, step, s.saeSteps()));
                if (step == 1 || step % every == 0 || step == s.saeSteps()) {
                    double v = ctx.checkFinite("sparse-autoencoder loss", loss.getFloat() / r);
                    checks.add((double) step);
                    curve.add(v);
                    ctx.point("sae-loss", "mean over " + r + " dictionaries", step, v);
                    ctx.progress(s.steps() + step, s.steps() + s.saeSteps(), "sparse autoencoder: step " + step);
                }
            }
        }
        return sae.directions();
    }

    /** Cosine decay from lr to lr/10. */
    private static double decayed(double lr, int step, int total) {
        double t = (double) (step - 1) / Math.max(1, total - 1);
        return lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    private static Run summarise(Setup s, double[][][] w, double[][] bias, double[][][] sources, double[][][] start,
                                 double[][][] atoms, List<Double> checks, List<double[]> curve, List<Double> saeChecks,
                                 List<Double> saeCurve) {
        int levels = SPARSITY.length;
        int reps = s.repeats();
        double[] mean = new double[levels];
        double[] min = new double[levels];
        double[] max = new double[levels];
        double[] interference = new double[levels];
        double[] antipodal = new double[levels];
        double[] storedBias = new double[levels];
        double[][] norms = new double[levels][];
        double topShare = 0;
        double denseMax = 0;
        for (int l = 0; l < levels; l++) {
            min[l] = Double.POSITIVE_INFINITY;
            max[l] = Double.NEGATIVE_INFINITY;
            int biasCount = 0;
            for (int r = 0; r < reps; r++) {
                double[][] wi = w[l * reps + r];
                double[] nr = FeatureGeometry.norms(wi);
                int c = FeatureGeometry.count(nr, STORED);
                mean[l] += (double) c / reps;
                min[l] = Math.min(min[l], c);
                max[l] = Math.max(max[l], c);
                double[] ov = FeatureGeometry.overlap(wi, STORED);
                interference[l] += ov[0] / reps;
                antipodal[l] += ov[3] / reps;
                for (int i = 0; i < FEATURES; i++) {
                    if (nr[i] > STORED) {
                        storedBias[l] += bias[l * reps + r][i];
                        biasCount++;
                        if (l == 0 && i < DIMS) {
                            topShare++;
                        }
                    }
                }
                if (l == 0) {
                    denseMax = Math.max(denseMax, ov[1]);
                }
                if (r == 0) {
                    norms[l] = nr;
                }
            }
            storedBias[l] /= Math.max(1, biasCount);
            if (l == 0) {
                topShare /= DIMS * reps;
            }
        }
        int stored = 0;
        int hit = 0;
        int chance = 0;
        for (int r = 0; r < reps; r++) {
            int[] got = FeatureGeometry.matched(sources[r], atoms[r], STORED, MATCH);
            stored += got[0];
            hit += got[1];
            chance += FeatureGeometry.matched(sources[r], start[r], STORED, MATCH)[1];
        }
        double[] best = new double[FEATURES];
        double[] n0 = FeatureGeometry.norms(sources[0]);
        for (int i = 0; i < FEATURES; i++) {
            best[i] = n0[i] > STORED ? FeatureGeometry.bestCosine(FeatureGeometry.direction(sources[0], i), atoms[0]) : Double.NaN;
        }
        double[][] lossCurve = new double[levels][curve.size()];
        for (int c = 0; c < curve.size(); c++) {
            for (int l = 0; l < levels; l++) {
                lossCurve[l][c] = curve.get(c)[l];
            }
        }
        double[] sparseOverlap = FeatureGeometry.overlap(sources[0], STORED);
        double welch = FeatureGeometry.welchBound(FeatureGeometry.count(n0, STORED), DIMS);
        double excess = 0;
        for (double[][] source : sources) {
            int c = FeatureGeometry.count(FeatureGeometry.norms(source), STORED);
            excess += (FeatureGeometry.overlap(source, STORED)[2] - FeatureGeometry.welchBound(c, DIMS)) / reps;
        }
        return new Run(FEATURES, DIMS, SPARSITY.clone(), mean, min, max, interference, antipodal, storedBias, sparseOverlap[2],
                welch, excess, topShare, denseMax, norms,
                FeatureGeometry.gram(sources[0]), stored, hit, chance, best, atoms[0].length, s.l1(), s.readNeurons(),
                toArray(checks), lossCurve, toArray(saeChecks), toArray(saeCurve));
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        int levels = r.sparsity().length;
        double[] x = r.sparsity();
        double[] dims = new double[levels];
        java.util.Arrays.fill(dims, r.dims());
        out.chart(Chart.line("stored", "Features stored (‖W_i‖ > " + Claim.num(STORED) + ") against sparsity S",
                "sparsity S", "features stored", List.of(new Series("mean over instances", x, r.meanStored()),
                        new Series("fewest", x, r.minStored()), new Series("most", x, r.maxStored()),
                        new Series("m = dimensions", x, dims))));
        List<String> rowNames = new ArrayList<>();
        for (double sp : x) {
            rowNames.add("S = " + Claim.num(sp));
        }
        List<String> featureNames = new ArrayList<>();
        for (int i = 0; i < r.features(); i++) {
            featureNames.add(Integer.toString(i));
        }
        out.heatmap(new Heatmap("norms", "‖W_i‖ per feature (most important first), first instance", "sparsity",
                "feature", r.norms(), rowNames, featureNames));
        out.heatmap(new Heatmap("gram", "WᵀW of the first model at S = " + Claim.num(x[levels - 1])
                + ": diagonal ‖W_i‖², off-diagonal interference", "feature", "feature", r.gram(), featureNames, featureNames));
        List<Series> curves = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            curves.add(new Series("S = " + Claim.num(x[l]), r.checkSteps(), r.lossCurve()[l]));
        }
        out.chart(Chart.line("loss", "Toy-model loss per sparsity (mean over instances)", "step",
                "importance-weighted squared error", curves).withLog(false, true));
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        for (int i = 0; i < r.features(); i++) {
            if (!Double.isNaN(r.bestCos()[i])) {
                fx.add((double) i);
                fy.add(r.bestCos()[i]);
            }
        }
        double[] cut = new double[r.features()];
        double[] idx = new double[r.features()];
        for (int i = 0; i < r.features(); i++) {
            idx[i] = i;
            cut[i] = MATCH;
        }
        out.chart(Chart.scatter("recovery", (r.readNeurons() ? "Neuron axes" : "Dictionary") + ": best cosine to each "
                        + "stored feature of the first sparse model", "feature", "best cosine",
                List.of(new Series("stored feature", toArray(fx), toArray(fy)), new Series("match threshold", idx, cut))));
        if (r.saeSteps().length > 0) {
            out.chart(Chart.line("sae-loss", "Sparse-autoencoder loss (mean over dictionaries)", "step",
                    "reconstruction + λ·L1", List.of(new Series("loss", r.saeSteps(), r.saeLoss()))).withLog(false, true));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            rows.add(List.of(Claim.num(x[l]), Claim.num(r.meanStored()[l]), Claim.num(r.minStored()[l]) + "–"
                    + Claim.num(r.maxStored()[l]), Claim.num(r.interference()[l]), Claim.num(r.antipodal()[l]),
                    Claim.num(r.storedBias()[l])));
        }
        out.table(new Table("per-sparsity", "Per sparsity (means over instances)", List.of("S", "features stored",
                "range", "mean |cos| between stored features", "antipodal pairs (cos < −0.9)", "mean bias of stored features"),
                rows));
        return out.metric("features n", r.features(), "")
                .metric("dense models: largest |cos| between two stored features", r.denseMaxOverlap(), "")
                .metric("hidden dimensions m", r.dims(), "")
                .metric("first sparsest model: mean cos² between stored features", r.sparseSquaredOverlap(), "")
                .metric("least possible for that many unit vectors in m dimensions (Welch bound)", r.sparseWelch(), "")
                .metric("stored features of the sparsest models", r.saeStored(), "")
                .metric("of those matched by a trained atom (cos ≥ " + Claim.num(MATCH) + ")", r.saeMatched(), "")
                .metric("matched by the same atoms at their random start", r.randomMatched(), "")
                .metric("dictionary size", r.dictionary(), "atoms")
                .metric("L1 coefficient λ", r.l1(), "")
                .note(r.features() + " features with importance 0.9^i, each present with probability 1 − S and uniform in "
                        + "[0, 1] when present, squeezed into " + r.dims() + " dimensions: h = Wx, x' = ReLU(Wᵀh + b). A "
                        + "feature counts as stored when ‖W_i‖ > " + Claim.num(STORED) + ". The sparse autoencoders train "
                        + "on fresh hidden activations h of the sparsest models.")
                .build();
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
