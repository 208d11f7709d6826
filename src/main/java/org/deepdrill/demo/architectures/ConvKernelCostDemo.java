package org.deepdrill.demo.architectures;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
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
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.stats.Timing;

import java.util.ArrayList;
import java.util.List;

/**
 * Q2: parameters, MACs and measured time of 1×1, 3×3, 5×5, two stacked 3×3 and depthwise-separable
 * 3×3 convolutions across channel widths; and the effective receptive field of deep 3×3 stacks.
 */
public final class ConvKernelCostDemo extends LegacyDemo {
    public static final String ID = "conv-kernel-cost";
    static final String[] LAYERS = {"1×1", "3×3", "5×5", "two 3×3", "depthwise-separable 3×3"};

    private static final DemoSpec SPEC = new DemoSpec(ID, "What a convolution costs, and what it sees",
            "Counts parameters and multiply-adds of five convolution choices from DJL blocks (C in = C out, no bias), "
                    + "times their forward pass, and measures the effective receptive field of stacks of 3×3 convs: "
                    + "the gradient of one centre output with respect to the input.",
            List.of("q02-conv-kernel-sizes"),
            List.of(ParamSpec.ofInt("size", "Feature map size H = W", 8, 64, 16, 16, ""),
                    ParamSpec.ofInt("batch", "Batch for timing", 1, 32, 4, 4, ""),
                    ParamSpec.ofInt("maxWidth", "Largest channel width (widths 16, 32, … up to it)", 16, 256, 128, 64, ""),
                    ParamSpec.ofInt("repeats", "Timing repeats (median)", 3, 50, 10, 5, ""),
                    ParamSpec.ofInt("erfDepth", "Deepest 3×3 stack for the receptive field", 4, 32, 16, 8,
                            "stacks of 1, 2, 4, … up to this many layers"),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, ""))).withReferenceModel("resnet18");

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            Engine.getInstance().setRandomSeed(ctx.params().getInt("seed"));
            costs(ctx);
            receptiveField(ctx);
        }
    }

    static Block layer(String name, int c) {
        return switch (name) {
            case "1×1" -> Convs.conv(c, 1, 1, false);
            case "3×3" -> Convs.conv(c, 3, 1, false);
            case "5×5" -> Convs.conv(c, 5, 1, false);
            case "two 3×3" -> new SequentialBlock().add(Convs.conv(c, 3, 1, false)).add(Convs.conv(c, 3, 1, false));
            default -> new SequentialBlock().add(Convs.conv(c, 3, 1, 1, c, false)).add(Convs.conv(c, 1, 1, false));
        };
    }

    private void costs(LegacyContext ctx) {
        int size = ctx.params().getInt("size");
        int batch = ctx.params().getInt("batch");
        int repeats = ctx.params().getInt("repeats");
        List<Integer> widths = new ArrayList<>();
        for (int c = 16; c <= ctx.params().getInt("maxWidth"); c *= 2) {
            widths.add(c);
        }
        int nw = widths.size();
        double[][] macs = new double[LAYERS.length][nw];
        double[][] params = new double[LAYERS.length][nw];
        double[][] ms = new double[LAYERS.length][nw];
        List<List<String>> rows = new ArrayList<>();
        NDManager m = ctx.manager();
        ctx.liveChart("time", "Measured forward time per batch", "channels C", "ms", true);
        int done = 0;
        for (int w = 0; w < nw; w++) {
            int c = widths.get(w);
            Shape one = new Shape(1, c, size, size);
            NDArray x = m.randomNormal(new Shape(batch, c, size, size)); // (B,C,H,W)
            for (int l = 0; l < LAYERS.length; l++) {
                Block b = layer(LAYERS[l], c);
                b.initialize(m, DataType.FLOAT32, one);
                ParameterStore ps = new ParameterStore(m, false);
                params[l][w] = BlockCost.trainableParameters(b);
                macs[l][w] = BlockCost.macs(b, one);
                ms[l][w] = 1e3 * Timing.medianSeconds(2, repeats, () -> {
                    try (NDManager s = m.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(s);
                        b.forward(ps, new NDList(in), false).head().toFloatArray();
                    }
                });
                ctx.point("time", LAYERS[l], c, ms[l][w]);
                ctx.progress(++done, nw * LAYERS.length + 1, "timed " + LAYERS[l] + " at C = " + c);
            }
        }
        for (int w = 0; w < nw; w++) {
            for (int l = 0; l < LAYERS.length; l++) {
                rows.add(List.of(Integer.toString(widths.get(w)), LAYERS[l], Long.toString((long) params[l][w]),
                        Long.toString((long) macs[l][w]), Claim.num(ms[l][w]),
                        Claim.num(macs[l][w] / macs[1][w]), Claim.num(ms[l][w] / ms[1][w])));
            }
        }
        double[] xs = widths.stream().mapToDouble(Integer::doubleValue).toArray();
        List<Series> macSeries = new ArrayList<>();
        for (int l = 0; l < LAYERS.length; l++) {
            macSeries.add(new Series(LAYERS[l], xs, macs[l]));
        }
        ctx.chart(Chart.logLog("macs", "Multiply-adds per image (" + size + "×" + size + " map)", "channels C", "MACs",
                macSeries));
        ctx.table(new Table("costs", "Cost per layer choice (C in = C out = C, no bias; time for a batch of " + batch + ")",
                List.of("C", "layer", "parameters", "MACs per image", "ms per batch", "MACs ÷ 3×3", "time ÷ 3×3"), rows));

        int last = nw - 1;
        int cMax = widths.get(last);
        double stackRatio = macs[3][last] / macs[2][last];
        double stackParams = params[3][last] / params[2][last];
        double stackTime = ms[3][last] / ms[2][last];
        double dwRatio = macs[4][last] / macs[1][last];
        double dwFormula = 1.0 / cMax + 1.0 / 9;
        double dwTime = ms[4][last] / ms[1][last];
        double worstDw = 0;
        for (int w = 0; w < nw; w++) {
            worstDw = Math.max(worstDw, Math.abs(macs[4][w] / macs[1][w] - (1.0 / widths.get(w) + 1.0 / 9)));
        }
        ctx.metric("two 3×3 ÷ 5×5 MACs at C=" + cMax, stackRatio, "");
        ctx.metric("two 3×3 ÷ 5×5 measured time at C=" + cMax, stackTime, "");
        ctx.metric("depthwise-separable ÷ 3×3 MACs at C=" + cMax, dwRatio, "");
        ctx.metric("depthwise-separable ÷ 3×3 measured time at C=" + cMax, dwTime, "");
        ctx.claim(Claim.near("Two stacked 3×3 convs cost 18/25 of one 5×5 in MACs (C=" + cMax + ")", stackRatio, 0.72, 1e-9));
        ctx.claim(Claim.near("…and in parameters", stackParams, 0.72, 1e-9));
        ctx.claim(Claim.near("Depthwise-separable 3×3 costs 1/C_out + 1/9 of a standard 3×3 (C=" + cMax + ", formula "
                + Claim.num(dwFormula) + ")", dwRatio, dwFormula, 1e-9));
        ctx.claim(Claim.atMost("…at every width: largest |measured − formula|", worstDw, 1e-9));
        double kernelTime = ms[2][last] / ms[1][last];
        ctx.metric("5×5 ÷ 3×3 measured time at C=" + cMax, kernelTime, "");
        ctx.claim(Claim.atLeast("Measured: a 5×5 conv takes longer than a 3×3 at C=" + cMax + " (time ratio; MAC ratio 2.78)",
                kernelTime, 1.3));
        ctx.claim(Claim.atMost("Measured: depthwise-separable 3×3 is faster than a standard 3×3 at C=" + cMax
                + " (time ratio; MAC ratio " + Claim.num(dwRatio) + ")", dwTime, 1.0));
        double gStd = macs[1][last] * batch / (ms[1][last] * 1e6);
        double gDw = macs[4][last] * batch / (ms[4][last] * 1e6);
        ctx.metric("standard 3×3 throughput at C=" + cMax, gStd, "GMAC/s");
        ctx.metric("depthwise-separable throughput at C=" + cMax, gDw, "GMAC/s");
        ctx.note("Measured time ratios at C=" + cMax + ": two 3×3 ÷ 5×5 = " + Claim.num(stackTime) + " (MACs 0.72); "
                + "depthwise-separable ÷ 3×3 = " + Claim.num(dwTime) + " (MACs " + Claim.num(dwRatio) + "). Achieved "
                + "throughput: standard 3×3 " + Claim.num(gStd) + " GMAC/s, depthwise-separable " + Claim.num(gDw)
                + " GMAC/s. Time ratios follow MAC ratios only where both layers reach similar throughput: at small widths "
                + "fixed per-call overhead dominates, and depthwise convolutions do little arithmetic per byte moved. "
                + "Times use one intra-op thread and are noisy on a busy machine.");
    }

    /** Gradient of the centre output (summed over channels) with respect to the input, for stacks of depth 1, 2, 4, …. */
    private void receptiveField(LegacyContext ctx) {
        int maxDepth = ctx.params().getInt("erfDepth");
        int channels = 16;
        int batch = 16;
        int size = 2 * maxDepth + 1 + 8;
        int centre = size / 2;
        NDManager m = ctx.manager();
        List<Double> depths = new ArrayList<>();
        List<Double> radii = new ArrayList<>();
        double outside = 0;
        double[][] deepest = null;
        for (int depth = 1; depth <= maxDepth; depth *= 2) {
            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < depth; i++) {
                net.add(Convs.conv(channels, 3, 1, false)).add(Activation.reluBlock());
            }
            net.initialize(m, DataType.FLOAT32, new Shape(batch, 1, size, size));
            double[][] g;
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.randomNormal(new Shape(batch, 1, size, size)); // (B,1,S,S)
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = net.forward(new ParameterStore(s, false), new NDList(x), true).head(); // (B,C,S,S)
                    gc.backward(y.get(":, :, " + centre + ", " + centre).sum());
                }
                float[] v = x.getGradient().abs().reshape(batch, (long) size * size).mean(new int[] {0}).toFloatArray(); // (S·S)
                g = new double[size][size];
                for (int i = 0; i < size * size; i++) {
                    g[i / size][i % size] = v[i];
                }
            }
            double num = 0;
            double den = 0;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    int d = Math.max(Math.abs(r - centre), Math.abs(c - centre));
                    if (d > depth) {
                        outside = Math.max(outside, g[r][c]);
                    }
                    num += g[r][c] * ((r - centre) * (r - centre) + (c - centre) * (c - centre));
                    den += g[r][c];
                }
            }
            depths.add((double) depth);
            radii.add(Math.sqrt(num / den));
            deepest = g;
            if (depth == maxDepth / 2 || depth == 4) {
                ctx.heatmap(Heatmap.of("erf-" + depth, "Effective receptive field, " + depth + " layers of 3×3 (|∂y_centre/∂x|)",
                        "row", "column", g));
            }
        }
        ctx.heatmap(Heatmap.of("erf", "Effective receptive field, " + maxDepth + " layers of 3×3 (|∂y_centre/∂x|, theoretical "
                + (2 * maxDepth + 1) + "×" + (2 * maxDepth + 1) + ")", "row", "column", deepest));
        double[] n = depths.stream().mapToDouble(Double::doubleValue).toArray();
        double[] r = radii.stream().mapToDouble(Double::doubleValue).toArray();
        double[] theory = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            theory[i] = n[i];
        }
        Fit.Line fit = Fit.logLog(n, r);
        ctx.chart(Chart.logLog("erf-radius", "Receptive field radius against depth", "3×3 layers",
                "radius (pixels)", List.of(new Series("effective (RMS radius of |gradient|)", n, r),
                        new Series("theoretical (half-width)", n, theory))));
        ctx.metric("ERF growth exponent", fit.slope(), "");
        ctx.claim(Claim.atMost("No gradient reaches pixels outside the theoretical receptive field: largest |∂y/∂x| outside",
                outside, 0));
        ctx.claim(Claim.between("The effective receptive field grows like √depth, not like depth: log-log slope of its radius",
                fit.slope(), 0.3, 0.75));
        ctx.claim(Claim.atMost("At " + maxDepth + " layers the effective radius is a fraction of the theoretical one",
                r[r.length - 1] / maxDepth, 0.6));
        ctx.progress(1, 1, "measured the receptive fields");
    }
}
