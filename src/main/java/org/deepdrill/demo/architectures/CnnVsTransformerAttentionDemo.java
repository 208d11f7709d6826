package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.lib.train.OneThread;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.Cbam;
import org.deepdrill.demo.lib.blocks.SpatialSelfAttention;
import org.deepdrill.demo.lib.blocks.SqueezeExcitation;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.stats.Timing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q5: attention inside a CNN (squeeze-and-excitation, CBAM) against self-attention over the same
 * feature map. Trains one small network with all three and shows their weights; then counts and
 * times each module as the map grows: linear against quadratic in the number of positions.
 */
public final class CnnVsTransformerAttentionDemo extends LegacyDemo {
    public static final String ID = "cnn-vs-transformer-attention";
    private static final int SIZE = 12;
    private static final int CLASSES = 8;
    private static final String[] MODULES = {"squeeze-excitation", "CBAM", "self-attention"};

    private static final DemoSpec SPEC = new DemoSpec(ID, "Attention in CNNs vs self-attention",
            "A small CNN with squeeze-and-excitation (channel weights), CBAM (channel and spatial weights) and a "
                    + "self-attention layer over the positions of its feature map, trained on synthetic images; then the cost "
                    + "of each module, counted and timed, as the feature map grows.",
            List.of("q05-attention-cnn-vs-transformer"),
            List.of(ParamSpec.ofInt("steps", "Training steps", 10, 2000, 150, 60, ""),
                    ParamSpec.ofInt("maxSize", "Largest feature map side for the cost study", 12, 48, 32, 24,
                            "sides 8, 12, 16, 24, 32, 48 up to this"),
                    ParamSpec.ofInt("channels", "Channels C in the cost study", 8, 128, 16, 16, ""),
                    ParamSpec.ofInt("repeats", "Timing repeats (median)", 3, 50, 9, 7, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 4, 4, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            Classifier.seed(ctx.params().getInt("seed"));
            weights(ctx);
            costs(ctx);
        }
    }

    private void weights(LegacyContext ctx) {
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        NDManager m = ctx.manager();
        ImageArrays train = ImageArrays.generate(m, 2048, SIZE, CLASSES, 0.4, seed);
        ImageArrays test = ImageArrays.generate(m, 512, SIZE, CLASSES, 0.4, seed + 1);
        ctx.liveChart("loss", "Training loss of the CNN with SE, CBAM and self-attention", "step", "cross-entropy", false);
        try (Classifier c = new Classifier("attention-cnn", new AttentionCnn(CLASSES), ctx.device(),
                new Shape(32, 1, SIZE, SIZE), CLASSES, Classifier.adam(0.002), null)) {
            Random rnd = new Random(seed);
            for (int step = 0; step < steps; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray[] b = train.sample(s, 32, rnd);
                    double loss = ctx.checkFinite("loss", c.step(b[0], b[1]));
                    ctx.point("loss", "training loss", step, loss);
                }
                ctx.progress(step + 1, steps, "training the attention CNN");
            }
            double acc = c.accuracy(m, test, 256, false);
            ctx.metric("test accuracy", acc, "");
            ctx.claim(Claim.atLeast("The network whose attention we look at has learned the task: test accuracy", acc, 0.4));
            try (NDManager s = m.newSubManager()) {
                NDArray[] b = test.slice(s, 0, 256);
                NDList out = c.block().forward(new ParameterStore(s, false), new NDList(b[0]), false);
                showWeights(ctx, out, b[0], b[1].toIntArray());
            }
        }
    }

    private static void showWeights(LegacyContext ctx, NDList out, NDArray images, int[] labels) {
        int c = AttentionCnn.CHANNELS;
        float[] se = out.get(1).toFloatArray(); // (B,C)
        double[][] perClass = new double[CLASSES][c];
        int[] count = new int[CLASSES];
        for (int i = 0; i < labels.length; i++) {
            count[labels[i]]++;
            for (int j = 0; j < c; j++) {
                perClass[labels[i]][j] += se[i * c + j];
            }
        }
        List<String> rows = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (int k = 0; k < CLASSES; k++) {
            rows.add(SyntheticImages.CLASSES[k]);
            for (int j = 0; j < c; j++) {
                perClass[k][j] /= Math.max(1, count[k]);
            }
        }
        for (int j = 0; j < c; j++) {
            cols.add("ch " + j);
        }
        ctx.heatmap(new Heatmap("se-weights", "Squeeze-excitation: mean channel weight per class (one number per channel)",
                "class", "channel", perClass, rows, cols));
        int example = firstOf(labels, 3); // a cross
        int n = SIZE * SIZE;
        ctx.heatmap(Heatmap.of("input", "Input image (" + SyntheticImages.CLASSES[labels[example]] + ")", "row", "column",
                grid(images.get(example).reshape(n).toFloatArray(), 0, SIZE)));
        ctx.heatmap(Heatmap.of("cbam-spatial", "CBAM: spatial attention map of that image (one weight per position)",
                "row", "column", grid(out.get(3).get(example).reshape(n).toFloatArray(), 0, SIZE)));
        int centre = (SIZE / 2) * SIZE + SIZE / 2;
        float[] sa = out.get(4).get(example).reshape(n, n).get(centre).toFloatArray(); // (HW)
        ctx.heatmap(Heatmap.of("self-attention", "Self-attention: weights of the centre position over all positions "
                + "(one weight per pair of positions)", "row", "column", grid(sa, 0, SIZE)));
        double sum = 0;
        for (float v : sa) {
            sum += v;
        }
        ctx.metric("self-attention weights of one query, summed", sum, "");
        ctx.table(new Table("weights", "How many attention weights each module computes per image (C=" + c + ", "
                + SIZE + "×" + SIZE + " map)", List.of("module", "weights per image", "what they weigh"),
                List.of(List.of("squeeze-excitation", Integer.toString(c), "channels"),
                        List.of("CBAM", Integer.toString(c + n), "channels, then positions"),
                        List.of("self-attention", Integer.toString(n * n), "every pair of positions"))));
    }

    private static int firstOf(int[] labels, int cls) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == cls) {
                return i;
            }
        }
        return 0;
    }

    private static double[][] grid(float[] v, int offset, int side) {
        double[][] g = new double[side][side];
        for (int i = 0; i < side * side; i++) {
            g[i / side][i % side] = v[offset + i];
        }
        return g;
    }

    /** Multiply-adds per image, counting pooling and rescaling once per element (see the note). */
    static double count(String module, long n, long c, long hidden) {
        return switch (module) {
            case "squeeze-excitation" -> 2.0 * n * c + 2.0 * c * hidden;
            case "CBAM" -> 6.0 * n * c + 4.0 * c * hidden + 2.0 * 49 * n;
            default -> 4.0 * n * c * c + 2.0 * n * n * c;
        };
    }

    private void costs(LegacyContext ctx) {
        int c = ctx.params().getInt("channels");
        int repeats = ctx.params().getInt("repeats");
        int batch = 4;
        List<Integer> sides = new ArrayList<>();
        for (int s : new int[] {8, 12, 16, 24, 32, 48}) {
            if (s <= ctx.params().getInt("maxSize")) {
                sides.add(s);
            }
        }
        NDManager m = ctx.manager();
        int k = sides.size();
        double[] n = new double[k];
        double[][] counts = new double[MODULES.length][k];
        double[][] ms = new double[MODULES.length][k];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int side = sides.get(i);
            n[i] = (double) side * side;
            Shape shape = new Shape(batch, c, side, side);
            NDArray x = m.randomNormal(shape); // (B,C,H,W)
            for (int j = 0; j < MODULES.length; j++) {
                Block b = switch (j) {
                    case 0 -> new SqueezeExcitation(c, 4);
                    case 1 -> new Cbam(c, 4);
                    default -> new SpatialSelfAttention(c, 1);
                };
                b.initialize(m, DataType.FLOAT32, shape);
                ParameterStore ps = new ParameterStore(m, false);
                counts[j][i] = count(MODULES[j], (long) n[i], c, c / 4);
                ms[j][i] = 1e3 * Timing.medianSeconds(2, repeats, () -> {
                    try (NDManager s = m.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(s);
                        b.forward(ps, new NDList(in), false).head().toFloatArray();
                    }
                });
                rows.add(List.of(side + "×" + side, Integer.toString((int) n[i]), MODULES[j],
                        Long.toString((long) counts[j][i]), Claim.num(ms[j][i])));
            }
            ctx.progress(i + 1, k, "timed the modules on a " + side + "×" + side + " map");
        }
        List<Series> countSeries = new ArrayList<>();
        List<Series> timeSeries = new ArrayList<>();
        for (int j = 0; j < MODULES.length; j++) {
            countSeries.add(new Series(MODULES[j], n, counts[j]));
            timeSeries.add(new Series(MODULES[j], n, ms[j]));
        }
        ctx.chart(Chart.logLog("cost-count", "Multiply-adds per image against positions H·W (C=" + c + ")",
                "positions H·W", "multiply-adds", countSeries));
        ctx.chart(Chart.logLog("cost-time", "Measured forward time against positions H·W (batch " + batch + ", C=" + c + ")",
                "positions H·W", "ms", timeSeries));
        ctx.table(new Table("costs", "Cost of each module as the map grows", List.of("map", "positions", "module",
                "multiply-adds per image", "ms per batch"), rows));
        double countSlopeSe = slope(n, counts[0], k);
        double countSlopeCbam = slope(n, counts[1], k);
        double countSlopeSa = slope(n, counts[2], k);
        double timeSlopeSa = timeSlope(n, ms[2]);
        double timeSlopeSe = timeSlope(n, ms[0]);
        ctx.metric("self-attention time exponent (fit, maps from 12×12)", timeSlopeSa, "");
        ctx.metric("squeeze-excitation time exponent (fit, maps from 12×12)", timeSlopeSe, "");
        ctx.claim(Claim.near("Squeeze-excitation cost grows linearly in positions: exponent (two largest maps)",
                countSlopeSe, 1.0, 0.05));
        ctx.claim(Claim.near("CBAM cost grows linearly in positions: exponent", countSlopeCbam, 1.0, 0.05));
        ctx.claim(Claim.atLeast("Self-attention cost grows quadratically in positions: exponent", countSlopeSa, 1.7));
        ctx.claim(Claim.atLeast("Measured: self-attention time grows faster than linearly: exponent", timeSlopeSa, 1.3));
        ctx.claim(Claim.atLeast("Measured: self-attention time exceeds squeeze-excitation time on the largest map by (×)",
                ms[2][k - 1] / ms[0][k - 1], 3));
        ctx.note("Counting convention here: one multiply-add counts once, and the elementwise pooling and rescaling "
                + "count one per element (otherwise SE's count would not depend on the map size at all). Self-attention: "
                + "4·N·C² for the projections plus 2·N²·C for QKᵀ and weights·V. Exponents are log-log slopes between the "
                + "two largest maps for the counts, and a log-log fit over the maps from 12×12 up for the times (the smallest map is "
                + "dominated by fixed per-call overhead). Self-attention here has no position encoding.");
    }

    private static double timeSlope(double[] x, double[] y) {
        int from = x.length > 2 ? 1 : 0;
        return org.deepdrill.demo.lib.stats.Fit.logLog(java.util.Arrays.copyOfRange(x, from, x.length),
                java.util.Arrays.copyOfRange(y, from, y.length)).slope();
    }

    private static double slope(double[] x, double[] y, int k) {
        return Math.log(y[k - 1] / y[k - 2]) / Math.log(x[k - 1] / x[k - 2]);
    }
}
