package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q42: distributed training, with the workers simulated in one process. Data parallelism: each
 * worker's gradient of a small MLP on its shard, all-reduced, against the gradient of the whole
 * batch. Ring all-reduce: the sum on every worker, and (a metric) the bytes each worker sends, beside
 * a naive all-to-all. ZeRO: one Adam step with state,
 * gradients and parameters sharded, against the replicated step, and the bytes each worker holds.
 * Pipeline: the gradient accumulated over m micro-batches against the whole batch's, and, as a
 * metric, the idle fraction of a simulated GPipe schedule beside (p−1)/(m+p−1).
 */
public final class DistributedTrainingDemo implements Demo<DistributedTrainingDemo.Setup, DistributedTrainingDemo.Run> {
    public static final String ID = "distributed-training";
    static final int[] SWEEP_WORKERS = {2, 4, 8, 16};
    static final int[] SWEEP_MICRO = {1, 2, 4, 8, 16, 32, 64};
    private static final int IN = 16;
    private static final int HIDDEN = 64;
    private static final int CLASSES = 4;
    private static final int PER_WORKER = 24;
    private static final int PER_MICRO = 4;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Distributed training: all-reduce, ZeRO and the pipeline bubble",
            "Simulates N workers in one process: data-parallel gradients of a small MLP all-reduced over a ring, the bytes "
                    + "each worker sends, one Adam step under ZeRO stages 0-3, gradients accumulated over pipeline micro-batches, "
                    + "and the idle time of a GPipe schedule.",
            List.of("q42-distributed-training"),
            List.of(ParamSpec.ofInt("workers", "Workers N").range(2, 16).byDefault(4),
                    ParamSpec.ofInt("vector", "Values all-reduced (size)").range(1_024, 4_194_304).byDefault(262_144).quick(32_768)
                            .help("float32 values per worker in the all-reduce sweep"),
                    ParamSpec.ofInt("stages", "Pipeline stages p").range(2, 8).byDefault(4),
                    ParamSpec.ofInt("microBatches", "Micro-batches m").range(4, 128).byDefault(16)
                            .help("the gradient is accumulated over m micro-batches of 4 examples; the bubble is shown for this m"),
                    ParamSpec.seed(5)));

    /** Checked parameters, and the four switches the breaks turn. */
    public record Setup(int workers, int vector, int stages, int microBatches, long seed,
                        boolean averageGradients, boolean ringAllGather, boolean gatherAfterUpdate, boolean scaleMicroBatches) {
    }

    /**
     * What ran. {@code dpError}: max |all-reduced − whole-batch gradient| / max |whole-batch gradient|.
     * Per swept N: bytes the busiest worker sent in the ring and in a naive all-to-all, and the worst
     * error of the ring's sum. ZeRO: per stage,
     * bytes a worker held and the largest parameter difference from the replicated step. Pipeline:
     * {@code microError}, max |accumulated − whole-batch gradient| / max |whole-batch gradient|, and the
     * simulated idle fraction per swept m and at the chosen m.
     */
    public record Run(int workers, int vector, int parameters, double dpError, double[] sentPerWorker, double[] naivePerWorker,
                      double[] sumError,
                      double sentAtN, double[] zeroBytes, double[] zeroDiff, int stages, int microBatches,
                      double microError, double[] idleSwept, double idleAtM) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("workers"), p.getInt("vector"), p.getInt("stages"), p.getInt("microBatches"),
                p.getInt("seed"), true, true, true, true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("sum-gradients", "The all-reduced gradients are summed, not averaged over the workers",
                                s -> new Setup(s.workers(), s.vector(), s.stages(), s.microBatches(), s.seed(), false, s.ringAllGather(),
                                        s.gatherAfterUpdate(), s.scaleMicroBatches()))
                        .flips("data-parallel-exact", "the sum is N times the whole-batch gradient: an N-times larger step")
                        .explainedIn("Data parallelism is exact")
                        .build(),
                Break.<Setup>of("reduce-scatter-only", "The ring stops after its reduce-scatter half, without the all-gather",
                                s -> new Setup(s.workers(), s.vector(), s.stages(), s.microBatches(), s.seed(), s.averageGradients(),
                                        false, s.gatherAfterUpdate(), s.scaleMicroBatches()))
                        .flips("ring-correct", "each worker holds the finished sum of one chunk only; the rest are partial sums")
                        .flips("data-parallel-exact", "worker 0's gradient is complete in one chunk and partial elsewhere")
                        .explainedIn("Ring all-reduce")
                        .build(),
                Break.<Setup>of("no-all-gather", "After a sharded update, the new parameters are not gathered",
                                s -> new Setup(s.workers(), s.vector(), s.stages(), s.microBatches(), s.seed(), s.averageGradients(),
                                        s.ringAllGather(), false, s.scaleMicroBatches()))
                        .flips("zero-same-step", "each worker keeps stale copies of the slices it did not update")
                        .explainedIn("ZeRO: shard what is replicated")
                        .build(),
                Break.<Setup>of("unscaled-accumulation", "Each micro-batch's mean-loss gradient is added without the 1/m",
                                s -> new Setup(s.workers(), s.vector(), s.stages(), s.microBatches(), s.seed(), s.averageGradients(),
                                        s.ringAllGather(), s.gatherAfterUpdate(), false))
                        .flips("micro-batch-exact", "the accumulated gradient is m times the whole batch's: an m-times larger step")
                        .explainedIn("Pipeline parallelism and its bubble")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double worstSum = 0;
        for (double e : r.sumError()) {
            worstSum = Math.max(worstSum, e);
        }
        double worstZero = 0;
        for (int k = 1; k < r.zeroDiff().length; k++) {
            worstZero = Math.max(worstZero, r.zeroDiff()[k]);
        }
        int n = r.workers();
        return List.of(
                Claim.atMost("data-parallel-exact", "Averaging the " + n + " workers' shard gradients gives the whole-batch "
                        + "gradient: max relative difference", r.dpError(), 1e-5),
                Claim.atMost("ring-correct", "The all-reduce returns the sum on every worker: worst relative error over N = 2..16",
                        worstSum, 1e-5),
                Claim.atMost("zero-same-step", "ZeRO stages 1-3 take exactly the replicated Adam step: largest parameter "
                        + "difference on any worker", worstZero, 1e-6),
                Claim.atMost("micro-batch-exact", "Gradients of m = " + r.microBatches() + " micro-batches, each scaled by 1/m and "
                        + "added up, give the whole batch's gradient: max relative difference", r.microError(), 1e-5));
    }

    static double bubble(int p, int m) {
        return (p - 1.0) / (m + p - 1.0);
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Random rnd = new Random(s.seed());
        ctx.liveChart("ring", "Bytes sent per worker by the all-reduce (live)", "workers N", "MB per worker", false);
        double[] sent = new double[SWEEP_WORKERS.length];
        double[] naive = new double[SWEEP_WORKERS.length];
        double[] sumErr = new double[SWEEP_WORKERS.length];
        for (int i = 0; i < SWEEP_WORKERS.length; i++) {
            int n = SWEEP_WORKERS[i];
            float[][] in = randomVectors(n, s.vector(), rnd);
            RingAllReduce.Result res = RingAllReduce.ring(in, s.ringAllGather());
            sent[i] = res.maxBytesPerWorker();
            sumErr[i] = sumError(in, res);
            naive[i] = RingAllReduce.allToAll(in).maxBytesPerWorker();
            ctx.point("ring", "ring, counted", n, sent[i] / 1e6);
            ctx.point("ring", "all-to-all, counted", n, naive[i] / 1e6);
            ctx.point("ring", "2(N − 1)/N × size", n, 2.0 * (n - 1) / n * 4.0 * s.vector() / 1e6);
            ctx.progress(i + 1, SWEEP_WORKERS.length + 3, "all-reduce over " + n + " workers");
        }
        double sentAtN = RingAllReduce.ring(randomVectors(s.workers(), s.vector(), rnd), s.ringAllGather()).maxBytesPerWorker();

        Engine.getInstance().setRandomSeed((int) s.seed());
        float[][] workerGrads;
        float[] whole;
        double microError;
        try (NDManager m = ctx.manager().newSubManager()) {
            NDList params = new NDList(m.randomNormal(0, (float) Math.sqrt(2.0 / IN), new Shape(IN, HIDDEN), ai.djl.ndarray.types.DataType.FLOAT32),
                    m.zeros(new Shape(HIDDEN)),
                    m.randomNormal(0, (float) Math.sqrt(1.0 / HIDDEN), new Shape(HIDDEN, CLASSES), ai.djl.ndarray.types.DataType.FLOAT32),
                    m.zeros(new Shape(CLASSES)));
            int batch = PER_WORKER * s.workers();
            NDArray x = m.randomNormal(new Shape(batch, IN));
            NDArray y = m.randomInteger(0, CLASSES, new Shape(batch), ai.djl.ndarray.types.DataType.INT32).oneHot(CLASSES);
            whole = gradient(params, x, y);
            workerGrads = new float[s.workers()][];
            for (int w = 0; w < s.workers(); w++) {
                int lo = w * PER_WORKER;
                workerGrads[w] = gradient(params, x.get(lo + ":" + (lo + PER_WORKER)), y.get(lo + ":" + (lo + PER_WORKER)));
            }
            microError = microBatchError(params, m, s);
        }
        ctx.progress(SWEEP_WORKERS.length + 1, SWEEP_WORKERS.length + 3, "data-parallel gradients");
        float[] reduced = RingAllReduce.ring(workerGrads, s.ringAllGather()).out()[0];
        double scale = s.averageGradients() ? 1.0 / s.workers() : 1.0;
        double dpError = maxDiff(reduced, scale, whole) / maxAbs(whole);

        int p = whole.length;
        double[] zeroBytes = new double[4];
        double[] zeroDiff = new double[4];
        float[][] ref = null;
        float[] start = startingParams(p, new Random(s.seed()));
        for (int stage = 0; stage <= 3; stage++) {
            ZeroShards.Step st = ZeroShards.step(stage, start, workerGrads, s.gatherAfterUpdate());
            zeroBytes[stage] = st.bytesHeld()[0];
            if (stage == 0) {
                ref = st.params();
            }
            double d = 0;
            for (int w = 0; w < s.workers(); w++) {
                d = Math.max(d, maxDiff(st.params()[w], 1, ref[w]));
            }
            zeroDiff[stage] = d;
        }
        ctx.progress(SWEEP_WORKERS.length + 2, SWEEP_WORKERS.length + 3, "ZeRO stages");

        ctx.liveChart("bubble", "Pipeline idle fraction, simulated (live)", "micro-batches m", "idle fraction", false);
        double[] idle = new double[SWEEP_MICRO.length];
        for (int i = 0; i < SWEEP_MICRO.length; i++) {
            idle[i] = PipelineSchedule.idleFraction(s.stages(), SWEEP_MICRO[i]);
            ctx.point("bubble", "simulated GPipe", SWEEP_MICRO[i], idle[i]);
            ctx.point("bubble", "(p − 1)/(m + p − 1)", SWEEP_MICRO[i], bubble(s.stages(), SWEEP_MICRO[i]));
        }
        double idleAtM = PipelineSchedule.idleFraction(s.stages(), s.microBatches());
        ctx.progress(SWEEP_WORKERS.length + 3, SWEEP_WORKERS.length + 3, "pipeline");
        return new Run(s.workers(), s.vector(), p, dpError, sent, naive, sumErr, sentAtN, zeroBytes, zeroDiff, s.stages(),
                s.microBatches(), microError, idle, idleAtM);
    }

    /**
     * A pipeline step's gradient: m micro-batches of {@link #PER_MICRO} examples, each mean-loss gradient
     * scaled by 1/m (or not, in the break) and added up in double, against the gradient of all m·4 at once.
     */
    private static double microBatchError(NDList params, NDManager m, Setup s) {
        int rows = PER_MICRO * s.microBatches();
        NDArray x = m.randomNormal(new Shape(rows, IN));
        NDArray y = m.randomInteger(0, CLASSES, new Shape(rows), ai.djl.ndarray.types.DataType.INT32).oneHot(CLASSES);
        float[] full = gradient(params, x, y);
        double[] sum = new double[full.length];
        double w = s.scaleMicroBatches() ? 1.0 / s.microBatches() : 1.0;
        for (int j = 0; j < s.microBatches(); j++) {
            String rowsOfJ = j * PER_MICRO + ":" + (j + 1) * PER_MICRO;
            float[] g = gradient(params, x.get(rowsOfJ), y.get(rowsOfJ));
            for (int i = 0; i < g.length; i++) {
                sum[i] += w * g[i];
            }
        }
        double d = 0;
        for (int i = 0; i < full.length; i++) {
            d = Math.max(d, Math.abs(sum[i] - full[i]));
        }
        return d / maxAbs(full);
    }

    /** The gradient of the mean cross-entropy of a one-hidden-layer ReLU MLP, flattened. */
    private static float[] gradient(NDList params, NDArray x, NDArray y) {
        try (NDManager step = x.getManager().newSubManager()) {
            NDList p = new NDList();
            for (NDArray a : params) {
                NDArray c = a.duplicate();
                c.attach(step);
                c.setRequiresGradient(true);
                p.add(c);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = Activation.relu(x.matMul(p.get(0)).add(p.get(1))); // (B,H); no number operand inside autograd
                NDArray logits = h.matMul(p.get(2)).add(p.get(3)); // (B,C)
                NDArray loss = logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
                gc.backward(loss);
            }
            List<float[]> parts = new ArrayList<>();
            int total = 0;
            for (NDArray a : p) {
                float[] g = a.getGradient().toFloatArray();
                parts.add(g);
                total += g.length;
            }
            float[] out = new float[total];
            int at = 0;
            for (float[] g : parts) {
                System.arraycopy(g, 0, out, at, g.length);
                at += g.length;
            }
            return out;
        }
    }

    private static float[][] randomVectors(int n, int size, Random rnd) {
        float[][] v = new float[n][size];
        for (float[] row : v) {
            for (int i = 0; i < size; i++) {
                row[i] = (float) rnd.nextGaussian();
            }
        }
        return v;
    }

    /** Worst error of any worker's result against the sum added in double precision, over the largest |sum|. */
    static double sumError(float[][] in, RingAllReduce.Result res) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < in[0].length; i++) {
            double exact = 0;
            for (float[] v : in) {
                exact += v[i];
            }
            for (float[] o : res.out()) {
                err = Math.max(err, Math.abs(o[i] - exact));
            }
            scale = Math.max(scale, Math.abs(exact));
        }
        return err / scale;
    }

    private static float[] startingParams(int p, Random rnd) {
        float[] v = new float[p];
        for (int i = 0; i < p; i++) {
            v[i] = (float) (0.1 * rnd.nextGaussian());
        }
        return v;
    }

    private static double maxDiff(float[] a, double scaleA, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] * scaleA - b[i]));
        }
        return d;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        List<List<String>> rows = new ArrayList<>();
        String[] held = {"parameters, gradients, Adam m and v", "+ Adam m, v sharded", "+ gradients sharded", "+ parameters sharded"};
        for (int k = 0; k < 4; k++) {
            rows.add(List.of(Integer.toString(k), held[k], Claim.num(r.zeroBytes()[k] / 1024.0), Claim.num(r.zeroBytes()[k] / r.zeroBytes()[0]),
                    Claim.num(r.zeroDiff()[k])));
        }
        out.table(new Table("zero", "ZeRO on " + r.workers() + " workers, " + r.parameters() + " fp32 parameters: bytes worker 0 "
                + "holds between steps", List.of("stage", "sharded", "KiB held", "÷ stage 0", "max |Δ param| vs stage 0"), rows));
        double[] n = new double[SWEEP_WORKERS.length];
        double[] formula = new double[SWEEP_WORKERS.length];
        double[] mb = new double[SWEEP_WORKERS.length];
        double[] naiveMb = new double[SWEEP_WORKERS.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = SWEEP_WORKERS[i];
            formula[i] = 2.0 * (n[i] - 1) / n[i] * 4.0 * r.vector() / 1e6;
            mb[i] = r.sentPerWorker()[i] / 1e6;
            naiveMb[i] = r.naivePerWorker()[i] / 1e6;
        }
        out.chart(Chart.line("ring-bytes", "Bytes sent per worker to all-reduce " + r.vector() + " floats", "workers N", "MB",
                List.of(new Series("ring, counted", n, mb), new Series("2(N − 1)/N × size", n, formula),
                        new Series("all-to-all, counted", n, naiveMb))));
        double[] sent = r.sentPerWorker();
        double ringFormula = 2.0 * (r.workers() - 1) / r.workers() * 4.0 * r.vector();
        double[] m = new double[SWEEP_MICRO.length];
        double[] theory = new double[SWEEP_MICRO.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = SWEEP_MICRO[i];
            theory[i] = bubble(r.stages(), SWEEP_MICRO[i]);
        }
        out.chart(Chart.line("bubble-chart", "GPipe idle fraction on p = " + r.stages() + " stages", "micro-batches m", "idle fraction",
                List.of(new Series("simulated", m, r.idleSwept()), new Series("(p − 1)/(m + p − 1)", m, theory))));
        return out.metric("data-parallel gradient, max relative difference", r.dpError(), "")
                .metric("bytes per worker at N = " + r.workers(), r.sentAtN(), "B")
                .metric("ring bytes per worker ÷ 2(N − 1)/N × size at N = " + r.workers(), r.sentAtN() / ringFormula, "×")
                .metric("ring bytes per worker, N = 16 ÷ N = 2", sent[sent.length - 1] / sent[0], "×")
                .metric("all-to-all bytes per worker, N = 16 ÷ N = 2", r.naivePerWorker()[sent.length - 1] / r.naivePerWorker()[0], "×")
                .metric("ZeRO-3 bytes per worker ÷ stage 0", r.zeroBytes()[3] / r.zeroBytes()[0], "×")
                .metric("micro-batch accumulation, max relative difference", r.microError(), "")
                .metric("idle fraction at m = " + r.microBatches() + " (simulated schedule)", r.idleAtM(), "")
                .note("All workers live in this process; the bytes are counted from the messages the simulated sends copy "
                        + "(what each algorithm sends by design, so they are shown, not claimed), and the pipeline "
                        + "times are units (forward 1, backward 2), not seconds. Parameters and gradients are fp32 here; "
                        + "with fp16 weights and fp32 Adam state the stage-0 bill is 16 bytes per parameter, as in the answer.")
                .build();
    }
}
