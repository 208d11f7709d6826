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
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q17: top-k routing and load balancing. A task made of input clusters, each with its own labelling
 * rule, is learned by a mixture of experts with and without the Switch balance loss, and by two
 * dense networks: one with the MoE's per-token compute, one with its total parameters. The two
 * MoEs of a pair start from the same weights and see the same batches; only the balance loss
 * differs. {@link #REPLICAS} pairs from different initialisations are averaged.
 */
public final class MixtureOfExpertsDemo implements Demo<MixtureOfExpertsDemo.Setup, MixtureOfExpertsDemo.Run> {
    public static final String ID = "mixture-of-experts";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Mixture of experts: routing, load balance and cost",
            "Trains a top-k mixture of experts with and without the load-balancing loss, with a per-expert capacity, "
                    + "and two dense baselines. Shows the expert load, dropped tokens, which cluster goes to which expert, "
                    + "and accuracy against compute per token.",
            List.of("q17-mixture-of-experts"),
            List.of(ParamSpec.ofInt("experts", "Experts E").range(2, 16).byDefault(8),
                    ParamSpec.ofInt("topK", "Experts per token k").range(1, 2).byDefault(1).help("must not exceed E"),
                    ParamSpec.ofInt("hidden", "Hidden width of one expert").range(4, 128).byDefault(16),
                    ParamSpec.ofDouble("auxWeight", "Balance-loss weight").range(0.001, 1).byDefault(0.5)
                            .help("Switch used 0.01 per layer in a deep model; one small layer here needs more"),
                    ParamSpec.ofDouble("capacity", "Capacity factor").range(1, 4).byDefault(1.25)
                            .help("an expert takes at most capacity·k·B/E tokens per batch; the rest are dropped"),
                    ParamSpec.ofInt("steps", "Training steps per model").range(100, 3000).byDefault(500).quick(300)
                            .help("Adam, batch 256"),
                    ParamSpec.seed(1)));

    static final int REPLICAS = 2;
    private static final int DIM = ClusterTask.DIM;
    private static final int CLUSTERS = ClusterTask.CLUSTERS;
    private static final int CLASSES = ClusterTask.CLASSES;
    private static final int BATCH = 256;
    private static final int TEST = 4096;
    private static final double LR = 3e-3;
    private static final String[] NAMES = {"MoE + balance loss", "MoE, no balance loss", "dense, same compute",
        "dense, same parameters"};

    /** Checked parameters. {@code auxWeight} 0 trains the "balanced" MoE without the loss: the break. */
    public record Setup(int experts, int topK, int hidden, double auxWeight, double capacity, int steps, long seed) {
    }

    /** What one model measured on the test set; {@code maxLoad} is the busiest expert's share × E. */
    public record Stats(double accuracy, double maxLoad, double dropped, double[] load, double[][] routing) {
    }

    /**
     * Per replica, the MoE with the balance loss and its twin without; one run of each dense net; the
     * parameter and per-token multiply-add counts of the four models, from their shapes.
     */
    public record Run(int experts, int topK, double capacity, List<Stats> balanced, List<Stats> unbalanced,
                      Stats denseCompute, Stats denseParams, long[] params, long[] macs) {
        double mean(List<Stats> s, java.util.function.ToDoubleFunction<Stats> f) {
            return s.stream().mapToDouble(f).average().orElse(Double.NaN);
        }
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int e = p.getInt("experts");
        int k = p.getInt("topK");
        if (k > e) {
            throw new ParamException("Parameter 'topK' (" + k + ") must be in 1.." + e + " (at most 'experts')");
        }
        return new Setup(e, k, p.getInt("hidden"), p.getDouble("auxWeight"), p.getDouble("capacity"),
                p.getInt("steps"), p.getInt("seed"));
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-balance-loss", "The balanced MoE is trained without the load-balancing loss",
                        s -> new Setup(s.experts(), s.topK(), s.hidden(), 0, s.capacity(), s.steps(), s.seed()))
                .flips("balance-lowers-load", "both twins now train the same way, so nothing lowers the load")
                .flips("balance-saves-drops", "and nothing saves tokens from the capacity limit")
                .explainedIn("Why routing collapses")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double maxWith = r.mean(r.balanced(), Stats::maxLoad);
        double maxWithout = r.mean(r.unbalanced(), Stats::maxLoad);
        double accWith = r.mean(r.balanced(), Stats::accuracy);
        return List.of(
                Claim.atLeast("unbalanced-overloads", "Without the balance loss the router overloads some experts: "
                        + "busiest share × E (1 is fair)", maxWithout, 1.5),
                Claim.atMost("balanced-near-fair", "With the balance loss the busiest expert stays below 1.6 times its "
                        + "fair share: busiest share × E", maxWith, 1.6),
                Claim.atLeast("balance-lowers-load", "The balance loss lowers the busiest expert's load: "
                        + "(share without − share with) × E", maxWithout - maxWith, 0.2),
                Claim.atLeast("balance-saves-drops", "Balancing saves tokens from the capacity limit: dropped % without − with",
                        100 * (r.mean(r.unbalanced(), Stats::dropped) - r.mean(r.balanced(), Stats::dropped)), 3),
                Claim.atLeast("beats-same-compute", "At the same compute per token the balanced MoE beats the dense net: "
                        + "accuracy gain (points)", 100 * (accWith - r.denseCompute().accuracy()), 3),
                Claim.atLeast("near-same-params", "…and comes within 5 points of the dense net with the same parameters: "
                        + "MoE − big dense (points)", 100 * (accWith - r.denseParams().accuracy()), -5));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int e = s.experts();
        int k = s.topK();
        NDManager m = ctx.manager();
        ClusterTask task = new ClusterTask(new Random(s.seed()));
        ClusterTask.Data test = task.sample(TEST, new Random(s.seed() + 1));
        NDArray xTest = m.create(test.x(), new Shape(TEST, DIM)); // (M,d)
        ctx.liveChart("accuracy", "Test accuracy during training (live)", "step", "accuracy", false);
        ctx.liveChart("load", "Busiest expert's share / fair share 1/E (live)", "step", "max load × E", false);
        int total = (2 * REPLICAS + 2) * s.steps();
        int done = 0;
        List<Stats> with = new ArrayList<>();
        List<Stats> without = new ArrayList<>();
        MoeLayer[] shown = new MoeLayer[4];
        for (int rep = 0; rep < REPLICAS; rep++) {
            long initSeed = s.seed() * 1000 + rep;
            String tag = rep == 0 ? "" : " (pair " + (rep + 1) + ")";
            shown[0] = moe(m, s, s.hidden(), e, k, s.capacity(), initSeed);
            with.add(train(ctx, task, shown[0], s, s.auxWeight(), test, xTest, NAMES[0] + tag, done, total, rep == 0));
            done += s.steps();
            shown[1] = moe(m, s, s.hidden(), e, k, s.capacity(), initSeed);
            without.add(train(ctx, task, shown[1], s, 0, test, xTest, NAMES[1] + tag, done, total, rep == 0));
            done += s.steps();
        }
        shown[2] = moe(m, s, s.hidden() * k, 1, 1, 1, s.seed() * 1000 + 500);
        Stats small = train(ctx, task, shown[2], s, 0, test, xTest, NAMES[2], done, total, true);
        done += s.steps();
        shown[3] = moe(m, s, s.hidden() * e, 1, 1, 1, s.seed() * 1000 + 501);
        Stats big = train(ctx, task, shown[3], s, 0, test, xTest, NAMES[3], done, total, true);
        long[] params = new long[4];
        long[] macs = new long[4];
        for (int i = 0; i < 4; i++) {
            boolean dense = shown[i].experts == 1;
            macs[i] = shown[i].activeMacs() - (dense ? DIM : 0); // a dense net has no router
            params[i] = shown[i].totalParams() - (dense ? DIM : 0);
        }
        return new Run(e, k, s.capacity(), with, without, small, big, params, macs);
    }

    @Override
    public Presentation present(Run r) {
        int e = r.experts();
        double[] idx = new double[e];
        for (int j = 0; j < e; j++) {
            idx[j] = j;
        }
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            rows.add("cluster " + c);
        }
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < e; j++) {
            cols.add("E" + j);
        }
        double[] acc = {r.mean(r.balanced(), Stats::accuracy), r.mean(r.unbalanced(), Stats::accuracy),
            r.denseCompute().accuracy(), r.denseParams().accuracy()};
        double[] maxLoad = {r.mean(r.balanced(), Stats::maxLoad), r.mean(r.unbalanced(), Stats::maxLoad)};
        double[] dropped = {r.mean(r.balanced(), Stats::dropped), r.mean(r.unbalanced(), Stats::dropped)};
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            table.add(List.of(NAMES[i], Long.toString(r.params()[i]), Long.toString(r.macs()[i]), Claim.num(acc[i]),
                    i < 2 ? Claim.num(maxLoad[i]) : "–", i < 2 ? Claim.num(100 * dropped[i]) : "–"));
        }
        List<List<String>> pairs = new ArrayList<>();
        for (int p = 0; p < r.balanced().size(); p++) {
            Stats a = r.balanced().get(p);
            Stats b = r.unbalanced().get(p);
            pairs.add(List.of(Integer.toString(p + 1), Claim.num(a.maxLoad()), Claim.num(b.maxLoad()),
                    Claim.num(100 * a.dropped()), Claim.num(100 * b.dropped()), Claim.num(a.accuracy()), Claim.num(b.accuracy())));
        }
        double[] macs = Arrays.stream(r.macs()).asDoubleStream().toArray();
        return Presentation.builder()
                .chart(Chart.line("expert-load", "Share of routed tokens per expert, first pair (fair share = 1/" + e + ")",
                        "expert", "share of tokens", List.of(new Series(NAMES[0], idx, r.balanced().get(0).load()),
                                new Series(NAMES[1], idx, r.unbalanced().get(0).load()),
                                new Series("fair share", idx, constant(e, 1.0 / e)))))
                .heatmap(new Heatmap("routing-balanced", "Where each cluster goes, with the balance loss", "input cluster",
                        "expert", r.balanced().get(0).routing(), rows, cols))
                .heatmap(new Heatmap("routing-unbalanced", "Where each cluster goes, without the balance loss",
                        "input cluster", "expert", r.unbalanced().get(0).routing(), rows, cols))
                .table(new Table("cost", "Accuracy against cost (k = " + r.topK() + ", capacity factor "
                        + Claim.num(r.capacity()) + "; MoE rows are means over " + r.balanced().size() + " pairs)",
                        List.of("model", "parameters", "multiply-adds per token", "test accuracy", "max load × E",
                                "tokens dropped %"), table))
                .table(new Table("pairs", "Each pair: same initial weights and batches, with and without the balance loss",
                        List.of("pair", "max load × E with", "without", "dropped % with", "without", "accuracy with",
                                "without"), pairs))
                .chart(Chart.scatter("tradeoff", "Accuracy against multiply-adds per token", "multiply-adds per token",
                        "test accuracy", List.of(new Series("models (see the cost table)", macs, acc))))
                .metric("max load × E with balance loss", maxLoad[0], "")
                .metric("max load × E without balance loss", maxLoad[1], "")
                .metric("dropped tokens with balance loss", 100 * dropped[0], "%")
                .metric("dropped tokens without balance loss", 100 * dropped[1], "%")
                .note("Cost per token: the MoE runs " + r.topK() + " of " + e + " experts, " + r.macs()[0]
                        + " multiply-adds, against " + r.macs()[3] + " for the dense network with as many parameters. "
                        + "This demo computes every expert on every token for simplicity; the counts are those of a real "
                        + "dispatch, from the layer shapes.")
                .build();
    }

    // --- measurement ---------------------------------------------------------------------------

    private static MoeLayer moe(NDManager m, Setup s, int hidden, int e, int k, double cf, long initSeed) {
        Engine.getInstance().setRandomSeed((int) initSeed);
        return new MoeLayer(m, DIM, hidden, CLASSES, e, k, cf);
    }

    /** Trains one model on a batch stream that depends only on the run's seed, so twins see the same batches. */
    private static Stats train(DemoContext ctx, ClusterTask task, MoeLayer model, Setup s, double auxWeight,
                               ClusterTask.Data test, NDArray xTest, String name, int done, int total, boolean live) {
        NDManager m = ctx.manager();
        Random rnd = new Random(s.seed() + 2);
        int steps = s.steps();
        Stats st = null;
        for (int step = 0; ; step++) {
            if (step % Math.max(1, steps / 12) == 0 || step == steps) {
                st = evaluate(m, model, xTest, test);
                if (live) {
                    ctx.point("accuracy", name, step, st.accuracy());
                    if (model.experts > 1) {
                        ctx.point("load", name, step, st.maxLoad());
                    }
                }
                ctx.progress(done + step, total, name + ", step " + step);
            }
            if (step == steps) {
                return st;
            }
            ClusterTask.Data batch = task.sample(BATCH, rnd);
            try (NDManager sm = m.newSubManager()) {
                NDArray x = sm.create(batch.x(), new Shape(BATCH, DIM)); // (B,d)
                NDArray y = sm.create(batch.y()).oneHot(CLASSES); // (B,C)
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    MoeLayer.Output o = model.forward(x);
                    NDArray ce = o.logits().logSoftmax(-1).mul(y).sum(new int[] {1}).mean().neg();
                    NDArray loss = auxWeight > 0 ? ce.add(o.aux().mul(Scalars.of((float) auxWeight))) : ce;
                    gc.backward(loss);
                    if (step % 100 == 0) {
                        ctx.checkFinite("loss", ce.getFloat());
                    }
                }
                model.adam.step(LR);
            }
        }
    }

        private static Stats evaluate(NDManager m, MoeLayer model, NDArray xTest, ClusterTask.Data test) {
        try (NDManager s = m.newSubManager()) {
            NDArray x = xTest.duplicate();
            x.attach(s);
            MoeLayer.Output o = model.forward(x);
            long[] pred = o.logits().argMax(-1).toType(DataType.INT64, false).toLongArray();
            int n = pred.length;
            int ok = 0;
            for (int i = 0; i < n; i++) {
                if (pred[i] == test.y()[i]) {
                    ok++;
                }
            }
            int e = model.experts;
            float[] routed = o.routed().toFloatArray(); // (M·E)
            float[] kept = o.kept().toFloatArray();
            double[] load = new double[e];
            double[][] routing = new double[CLUSTERS][e];
            double sumRouted = 0;
            double sumKept = 0;
            int[] perCluster = new int[CLUSTERS];
            for (int i = 0; i < n; i++) {
                perCluster[test.cluster()[i]]++;
                for (int j = 0; j < e; j++) {
                    load[j] += routed[i * e + j];
                    routing[test.cluster()[i]][j] += routed[i * e + j];
                    sumRouted += routed[i * e + j];
                    sumKept += kept[i * e + j];
                }
            }
            double max = 0;
            for (int j = 0; j < e; j++) {
                load[j] /= sumRouted;
                max = Math.max(max, load[j]);
            }
            for (int c = 0; c < CLUSTERS; c++) {
                for (int j = 0; j < e; j++) {
                    routing[c][j] /= Math.max(1, perCluster[c]) * model.topK;
                }
            }
            return new Stats((double) ok / n, max * e, 1 - sumKept / sumRouted, load, routing);
        }
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }
}
