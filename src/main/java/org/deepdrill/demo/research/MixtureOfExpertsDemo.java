package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q17: top-k routing and load balancing. A task made of input clusters, each with its own labelling
 * rule, is learned by a mixture of experts with and without the Switch balance loss, and by two
 * dense networks: one with the MoE's per-token compute, one with its total parameters.
 */
public final class MixtureOfExpertsDemo extends LegacyDemo {
    public static final String ID = "mixture-of-experts";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Mixture of experts: routing, load balance and cost",
            "Trains a top-k mixture of experts with and without the load-balancing loss, with a per-expert capacity, "
                    + "and two dense baselines. Shows the expert load, dropped tokens, which cluster goes to which expert, "
                    + "and accuracy against compute per token.",
            List.of("q17-mixture-of-experts"),
            List.of(ParamSpec.ofInt("experts", "Experts E", 2, 16, 8, 8, ""),
                    ParamSpec.ofInt("topK", "Experts per token k", 1, 2, 1, 1, "must not exceed E"),
                    ParamSpec.ofInt("hidden", "Hidden width of one expert", 4, 128, 16, 16, ""),
                    ParamSpec.ofDouble("auxWeight", "Balance-loss weight", 0.001, 1, 0.2, 0.2,
                            "Switch used 0.01 per layer in a deep model; one small layer here needs more"),
                    ParamSpec.ofDouble("capacity", "Capacity factor", 1, 4, 1.25, 1.25,
                            "an expert takes at most capacity·k·B/E tokens per batch; the rest are dropped"),
                    ParamSpec.ofInt("steps", "Training steps per model", 100, 5000, 500, 300, "Adam, batch 256"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 1, 1, "")));

    private static final int DIM = ClusterTask.DIM;
    private static final int CLUSTERS = ClusterTask.CLUSTERS;
    private static final int CLASSES = ClusterTask.CLASSES;
    private static final int BATCH = 256;
    private static final int TEST = 4096;
    private static final double LR = 3e-3;

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int e = ctx.params().getInt("experts");
        int k = ctx.params().getInt("topK");
        int hidden = ctx.params().getInt("hidden");
        double auxWeight = ctx.params().getDouble("auxWeight");
        double cf = ctx.params().getDouble("capacity");
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        if (k > e) {
            throw new org.deepdrill.demo.ParamException("Parameter 'topK' (" + k + ") must be in 1.." + e + " (at most 'experts')");
        }
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        ClusterTask task = new ClusterTask(new Random(seed));
        ClusterTask.Data test = task.sample(TEST, new Random(seed + 1));
        NDArray xTest = m.create(test.x(), new Shape(TEST, DIM)); // (M,d)

        String[] names = {"MoE + balance loss", "MoE, no balance loss", "dense, same compute", "dense, same parameters"};
        MoeLayer[] models = {
            new MoeLayer(m, DIM, hidden, CLASSES, e, k, cf),
            new MoeLayer(m, DIM, hidden, CLASSES, e, k, cf),
            new MoeLayer(m, DIM, hidden * k, CLASSES, 1, 1, 1),
            new MoeLayer(m, DIM, hidden * e, CLASSES, 1, 1, 1)};
        double[] weights = {auxWeight, 0, 0, 0};
        ctx.liveChart("accuracy", "Test accuracy during training (live)", "step", "accuracy", false);
        ctx.liveChart("load", "Busiest expert's share / fair share 1/E (live)", "step", "max load × E", false);
        Random rnd = new Random(seed + 2);
        Stats[] stats = new Stats[4];
        int total = 4 * steps;
        for (int i = 0; i < 4; i++) {
            for (int step = 0; step <= steps; step++) {
                if (step % Math.max(1, steps / 12) == 0 || step == steps) {
                    Stats st = evaluate(m, models[i], xTest, test);
                    ctx.point("accuracy", names[i], step, st.accuracy);
                    if (i < 2) {
                        ctx.point("load", names[i], step, st.maxLoad * e);
                    }
                    stats[i] = st;
                    ctx.progress(i * steps + step, total, names[i] + ", step " + step);
                }
                if (step == steps) {
                    break;
                }
                ClusterTask.Data batch = task.sample(BATCH, rnd);
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(batch.x(), new Shape(BATCH, DIM)); // (B,d)
                    NDArray y = s.create(batch.y()).oneHot(CLASSES); // (B,C)
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        MoeLayer.Output o = models[i].forward(x);
                        NDArray ce = o.logits().logSoftmax(-1).mul(y).sum(new int[] {1}).mean().neg();
                        NDArray loss = weights[i] > 0 ? ce.add(o.aux().mul(org.deepdrill.demo.lib.train.Scalars.of((float) weights[i]))) : ce;
                        gc.backward(loss);
                        if (step % 100 == 0) {
                            ctx.checkFinite("loss", ce.getFloat());
                        }
                    }
                    models[i].adam.step(LR);
                }
            }
        }
        report(ctx, models, stats, names, e, k, cf);
    }

    /** Accuracy, load per expert, dropped fraction and the cluster-to-expert routing table. */
    private record Stats(double accuracy, double[] load, double maxLoad, double dropped, double[][] routing) {
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
            return new Stats((double) ok / n, load, max, 1 - sumKept / sumRouted, routing);
        }
    }

    private void report(LegacyContext ctx, MoeLayer[] models, Stats[] st, String[] names, int e, int k, double cf) {
        double[] idx = new double[e];
        for (int j = 0; j < e; j++) {
            idx[j] = j;
        }
        ctx.chart(Chart.line("expert-load", "Share of routed tokens per expert (fair share = 1/" + e + ")", "expert",
                "share of tokens", List.of(new Series(names[0], idx, st[0].load), new Series(names[1], idx, st[1].load),
                        new Series("fair share", idx, constant(e, 1.0 / e)))));
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            rows.add("cluster " + c);
        }
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < e; j++) {
            cols.add("E" + j);
        }
        ctx.heatmap(new Heatmap("routing-balanced", "Where each cluster goes, with the balance loss", "input cluster",
                "expert", st[0].routing, rows, cols));
        ctx.heatmap(new Heatmap("routing-unbalanced", "Where each cluster goes, without the balance loss", "input cluster",
                "expert", st[1].routing, rows, cols));
        long[] active = new long[4];
        long[] params = new long[4];
        for (int i = 0; i < 4; i++) {
            boolean dense = models[i].experts == 1;
            active[i] = models[i].activeMacs() - (dense ? DIM : 0); // a dense net has no router
            params[i] = models[i].totalParams() - (dense ? DIM : 0);
        }
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            table.add(List.of(names[i], Long.toString(params[i]), Long.toString(active[i]), Claim.num(st[i].accuracy),
                    i < 2 ? Claim.num(st[i].maxLoad * e) : "–", i < 2 ? Claim.num(100 * st[i].dropped) : "–"));
        }
        ctx.table(new Table("cost", "Accuracy against cost (k = " + k + ", capacity factor " + Claim.num(cf) + ")",
                List.of("model", "parameters", "multiply-adds per token", "test accuracy", "max load × E",
                        "tokens dropped %"), table));
        double[] macs = new double[4];
        double[] accs = new double[4];
        for (int i = 0; i < 4; i++) {
            macs[i] = active[i];
            accs[i] = st[i].accuracy;
        }
        ctx.chart(Chart.scatter("tradeoff", "Accuracy against multiply-adds per token", "multiply-adds per token",
                "test accuracy", List.of(new Series("models (see the cost table)", macs, accs))));

        ctx.metric("max load × E with balance loss", st[0].maxLoad * e, "");
        ctx.metric("max load × E without balance loss", st[1].maxLoad * e, "");
        ctx.metric("dropped tokens with balance loss", 100 * st[0].dropped, "%");
        ctx.metric("dropped tokens without balance loss", 100 * st[1].dropped, "%");

        ctx.claim(Claim.atLeast("Without the balance loss the router overloads some experts: busiest share × E",
                st[1].maxLoad * e, 1.6));
        ctx.claim(Claim.atMost("With the balance loss the busiest expert stays near its fair share: busiest share × E",
                st[0].maxLoad * e, 1.45));
        ctx.claim(Claim.atLeast("The balance loss lowers the busiest expert's load: (share without − share with) × E",
                (st[1].maxLoad - st[0].maxLoad) * e, 0.2));
        ctx.claim(Claim.atLeast("Balancing saves tokens from the capacity limit: dropped % without − with",
                100 * (st[1].dropped - st[0].dropped), 3));
        ctx.claim(Claim.atLeast("At the same compute per token the balanced MoE beats the dense net: accuracy gain (points)",
                100 * (st[0].accuracy - st[2].accuracy), 3));
        ctx.claim(Claim.atLeast("…and comes within 5 points of the dense net with the same parameters: MoE − big dense (points)",
                100 * (st[0].accuracy - st[3].accuracy), -5));
        ctx.note("Cost per token: the MoE runs " + k + " of " + e + " experts, " + active[0] + " multiply-adds, against "
                + active[3] + " for the dense network with as many parameters. This demo computes every expert on every "
                + "token for simplicity; the counts are those of a real dispatch.");
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
