package org.deepdrill.demo.architectures;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
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
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.Cbam;
import org.deepdrill.demo.lib.blocks.MemoryProbe;
import org.deepdrill.demo.lib.blocks.SpatialSelfAttention;
import org.deepdrill.demo.lib.blocks.SqueezeExcitation;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.stats.Timing;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q5: attention inside a CNN (squeeze-and-excitation, CBAM) against self-attention over the same
 * feature map. Trains one small network with all three and shows their weights; then runs each
 * module on growing maps, measuring the tensor bytes its forward pass held and its time, and
 * showing the multiply-adds its blocks count.
 */
public final class CnnVsTransformerAttentionDemo
        implements Demo<CnnVsTransformerAttentionDemo.Setup, CnnVsTransformerAttentionDemo.Run> {
    public static final String ID = "cnn-vs-transformer-attention";
    static final int SIZE = 12;
    static final int CLASSES = 8;
    static final String[] MODULES = {"squeeze-excitation", "CBAM", "self-attention"};
    private static final int[] SIDES = {8, 12, 16, 24, 32, 48};
    private static final int BATCH = 4;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Attention in CNNs vs self-attention",
            "A small CNN with squeeze-and-excitation (channel weights), CBAM (channel and spatial weights) and a "
                    + "self-attention layer over the positions of its feature map, trained on synthetic images; then the cost "
                    + "of each module as the feature map grows: the tensor memory its forward pass held, its time, and the "
                    + "multiply-adds its blocks count.",
            List.of("q05-attention-cnn-vs-transformer"),
            List.of(ParamSpec.ofInt("steps", "Training steps").range(60, 2000).byDefault(150).quick(60),
                    ParamSpec.ofInt("maxSize", "Largest feature map side for the cost study").range(16, 48).byDefault(32)
                            .quick(24).help("sides 8, 12, 16, 24, 32, 48 up to this"),
                    ParamSpec.ofInt("channels", "Channels C in the cost study").range(8, 32).byDefault(16)
                            .help("self-attention's N²·C term overtakes its N·C² projections once N > 2C; at most 32 so "
                                    + "that it does on the two largest maps"),
                    ParamSpec.ofInt("repeats", "Timing repeats (median)").range(3, 50).byDefault(9).quick(5),
                    ParamSpec.seed(4)));

    /** Checked parameters; {@code linearMixer} swaps self-attention for linear attention in the cost study. */
    public record Setup(int steps, int maxSize, int channels, int repeats, long seed, boolean linearMixer) {
    }

    /**
     * The trained network's accuracy and attention weights, and per map side and module (rows as
     * {@link #MODULES}): positions, the multiply-adds per image its blocks count, forward ms per batch,
     * and the bytes per image of the tensors its forward pass held beyond its input.
     */
    public record Run(double accuracy, double[][] seWeights, double[][] image, String imageClass, double[][] cbamMap,
                      double[][] attentionRow, double attentionRowSum, String mixer, int channels, double[] positions,
                      double[][] macs, double[][] millis, double[][] liveBytes) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getInt("maxSize"), p.getInt("channels"), p.getInt("repeats"),
                p.getInt("seed"), false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("linear-attention", "Self-attention in the cost study is replaced by kernelised "
                                + "linear attention, which summarises keys and values before mixing",
                        s -> new Setup(s.steps(), s.maxSize(), s.channels(), s.repeats(), s.seed(), true))
                .flips("mixer-memory-quadratic", "linear attention never forms the position-by-position table: "
                        + "every tensor it holds is N×C or C×C")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int k = r.positions().length;
        return List.of(
                Claim.atLeast("learned", "The network whose attention we look at has learned the task: test accuracy",
                        r.accuracy(), 0.4),
                Claim.atLeast("mixer-memory-quadratic", "The tensor memory the global mixer's forward pass holds grows "
                        + "nearly quadratically in positions: log-log exponent of its live bytes between the two largest maps",
                        exponent(r.positions(), r.liveBytes()[2]), 1.7),
                Claim.atLeast("mixer-time-superlinear", "Measured: the global mixer's time grows faster than linearly: "
                        + "log-log fit over the maps from 12×12", timeExponent(r.positions(), r.millis()[2]), 1.3).timing(),
                Claim.atLeast("mixer-slower-than-se", "Measured: the global mixer's time over squeeze-excitation's on the "
                        + "largest map (×)", r.millis()[2][k - 1] / r.millis()[0][k - 1], 3).timing());
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            AttentionCnnRun trained = AttentionCnnRun.train(ctx, s.steps(), s.seed());
            Engine.getInstance().setRandomSeed((int) s.seed() + 1);
            int[] sides = Arrays.stream(SIDES).filter(v -> v <= s.maxSize()).toArray();
            int k = sides.length;
            double[] n = new double[k];
            double[][] macs = new double[MODULES.length][k];
            double[][] ms = new double[MODULES.length][k];
            double[][] bytes = new double[MODULES.length][k];
            NDManager m = ctx.manager();
            int c = s.channels();
            for (int i = 0; i < k; i++) {
                n[i] = (double) sides[i] * sides[i];
                Shape shape = new Shape(BATCH, c, sides[i], sides[i]);
                NDArray x = m.randomNormal(shape); // (B,C,H,W)
                for (int j = 0; j < MODULES.length; j++) {
                    Block b = module(j, c, s.linearMixer());
                    b.initialize(m, DataType.FLOAT32, shape);
                    ParameterStore ps = new ParameterStore(m, false);
                    ms[j][i] = 1e3 * Timing.medianSeconds(2, s.repeats(), () -> {
                        try (NDManager sub = m.newSubManager()) {
                            NDArray in = x.duplicate();
                            in.attach(sub);
                            b.forward(ps, new NDList(in), false).head().toFloatArray();
                        }
                    });
                    bytes[j][i] = forwardBytes(m, b, ps, x) / (double) BATCH;
                    macs[j][i] = BlockCost.macs(b, shape) / (double) BATCH;
                }
                ctx.progress(i + 1, k, "measured and timed the modules on a " + sides[i] + "×" + sides[i] + " map");
            }
            return new Run(trained.accuracy(), trained.seWeights(), trained.image(), trained.imageClass(), trained.cbamMap(),
                    trained.attentionRow(), trained.attentionRowSum(), s.linearMixer() ? "linear attention" : "self-attention",
                    c, n, macs, ms, bytes);
        }
    }

    /**
     * Bytes of the tensors one forward pass leaves open beyond its input, read from DJL's registry of
     * open arrays under {@code m} (the blocks free nothing inside a forward pass, so this is its peak).
     */
    private static long forwardBytes(NDManager m, Block b, ParameterStore ps, NDArray x) {
        try (NDManager sub = m.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(sub);
            MemoryProbe probe = new MemoryProbe(m);
            long before = probe.sample();
            b.forward(ps, new NDList(in), false);
            return probe.sample() - before;
        }
    }

    @Override
    public Presentation present(Run r) {
        int k = r.positions().length;
        int c = AttentionCnn.CHANNELS;
        int n = SIZE * SIZE;
        List<String> rows = new ArrayList<>();
        for (String name : SyntheticImages.CLASSES) {
            rows.add(name);
        }
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < c; j++) {
            cols.add("ch " + j);
        }
        List<List<String>> costRows = new ArrayList<>();
        List<Series> countSeries = new ArrayList<>();
        List<Series> timeSeries = new ArrayList<>();
        List<Series> memSeries = new ArrayList<>();
        for (int j = 0; j < MODULES.length; j++) {
            String name = j == 2 ? r.mixer() : MODULES[j];
            countSeries.add(new Series(name, r.positions(), r.macs()[j]));
            timeSeries.add(new Series(name, r.positions(), r.millis()[j]));
            memSeries.add(new Series(name, r.positions(), r.liveBytes()[j]));
            for (int i = 0; i < k; i++) {
                int side = (int) Math.round(Math.sqrt(r.positions()[i]));
                costRows.add(List.of(side + "×" + side, Integer.toString((int) r.positions()[i]), name,
                        Long.toString((long) r.macs()[j][i]), Long.toString((long) r.liveBytes()[j][i]),
                        Claim.num(r.millis()[j][i])));
            }
        }
        return Presentation.builder()
                .heatmap(new Heatmap("se-weights", "Squeeze-excitation: mean channel weight per class (one number per channel)",
                        "class", "channel", r.seWeights(), rows.subList(0, r.seWeights().length), cols))
                .heatmap(Heatmap.of("input", "Input image (" + r.imageClass() + ")", "row", "column", r.image()))
                .heatmap(Heatmap.of("cbam-spatial", "CBAM: spatial attention map of that image (one weight per position)",
                        "row", "column", r.cbamMap()))
                .heatmap(Heatmap.of("self-attention", "Self-attention: weights of the centre position over all positions "
                        + "(one weight per pair of positions)", "row", "column", r.attentionRow()))
                .table(new Table("weights", "How many attention weights each module computes per image (C=" + c + ", "
                        + SIZE + "×" + SIZE + " map)", List.of("module", "weights per image", "what they weigh"),
                        List.of(List.of("squeeze-excitation", Integer.toString(c), "channels"),
                                List.of("CBAM", Integer.toString(c + n), "channels, then positions"),
                                List.of("self-attention", Integer.toString(n * n), "every pair of positions"))))
                .chart(Chart.logLog("live-bytes", "Measured: tensor bytes per image a forward pass holds beyond its input, "
                        + "against positions H·W (C=" + r.channels() + ")", "positions H·W", "bytes", memSeries))
                .chart(Chart.logLog("cost-count", "Multiply-adds per image the blocks count, against positions H·W (C="
                        + r.channels() + ")", "positions H·W", "multiply-adds", countSeries))
                .chart(Chart.logLog("cost-time", "Measured forward time against positions H·W (batch " + BATCH + ", C="
                        + r.channels() + ")", "positions H·W", "ms", timeSeries))
                .table(new Table("costs", "Cost of each module as the map grows", List.of("map", "positions", "module",
                        "multiply-adds per image (counted)", "live bytes per image", "ms per batch"), costRows))
                .metric("test accuracy", r.accuracy(), "")
                .metric("self-attention weights of one query, summed", r.attentionRowSum(), "")
                .metric("SE live-bytes exponent", exponent(r.positions(), r.liveBytes()[0]), "")
                .metric("CBAM live-bytes exponent", exponent(r.positions(), r.liveBytes()[1]), "")
                .metric(r.mixer() + " live-bytes exponent", exponent(r.positions(), r.liveBytes()[2]), "")
                .metric("SE counted exponent", exponent(r.positions(), r.macs()[0]), "")
                .metric("CBAM counted exponent", exponent(r.positions(), r.macs()[1]), "")
                .metric(r.mixer() + " counted exponent", exponent(r.positions(), r.macs()[2]), "")
                .metric("SE time exponent (fit, maps from 12×12)", timeExponent(r.positions(), r.millis()[0]), "")
                .metric(r.mixer() + " time exponent (fit, maps from 12×12)", timeExponent(r.positions(), r.millis()[2]), "")
                .note("Live bytes are measured: after one forward pass on a batch of " + BATCH + ", the bytes of every tensor "
                        + "it has allocated and not freed (shape × element size, from DJL's registry of open arrays; the "
                        + "blocks free nothing inside a pass, so this is the pass's peak), beyond its input, per image. "
                        + "Self-attention holds its N×N scores and weights; linear attention only N×C and C×C tensors.")
                .note("Counts are each block's own formula for its multiply-adds (BlockCost), shown, not judged: one "
                        + "multiply-add counts once, and only convolutions, "
                        + "linear layers and attention matmuls are counted. Pooling and rescaling are elementwise and count "
                        + "zero, so SE's count is its small MLP alone and does not grow with the map at all; its time still "
                        + "grows linearly, which the time chart shows. Self-attention: 4·N·C² for the projections plus 2·N²·C "
                        + "for QKᵀ and weights·V, so its exponent approaches 2 once N is well above 2C. Exponents of counts "
                        + "are log-log slopes between the two largest maps; time exponents are a fit over the maps from 12×12 "
                        + "up (the smallest map is dominated by per-call overhead).")
                .build();
    }

    private static Block module(int j, int c, boolean linearMixer) {
        return switch (j) {
            case 0 -> new SqueezeExcitation(c, 4);
            case 1 -> new Cbam(c, 4);
            default -> linearMixer ? new LinearSpatialAttention(c) : new SpatialSelfAttention(c, 1);
        };
    }

    /** Log-log slope between the two largest maps. */
    static double exponent(double[] x, double[] y) {
        int k = x.length;
        return Math.log(y[k - 1] / y[k - 2]) / Math.log(x[k - 1] / x[k - 2]);
    }

    static double timeExponent(double[] x, double[] y) {
        int from = x.length > 2 ? 1 : 0;
        return Fit.logLog(Arrays.copyOfRange(x, from, x.length), Arrays.copyOfRange(y, from, y.length)).slope();
    }
}
