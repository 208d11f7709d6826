package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.NamedChain;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q1: plain, residual, dense and highway stacks of the same depth on the same synthetic task.
 * Per-layer gradient norms at initialisation and after training, loss curves, parameter counts,
 * and the highway gates' carry behaviour.
 */
public final class ResidualGradientFlowDemo implements Demo<ResidualGradientFlowDemo.Setup, ResidualGradientFlowDemo.Run> {
    public static final String ID = "residual-gradient-flow";
    static final String[] KINDS = DepthStacks.KINDS;
    private static final int PLAIN = 0;
    private static final int RESIDUAL = 1;
    private static final int DENSE = 2;
    private static final int HIGHWAY = 3;
    private static final int SIZE = 8;
    private static final int CLASSES = 8;
    /** Depth from which the gradient claims are made: "orders of magnitude" needs a deep stack. */
    static final int DEEP = 32;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Gradient flow: plain vs residual, dense and highway",
            "Four CNNs with the same number of 3×3 conv layers (no normalisation, weights drawn with variance 1/fan-in) "
                    + "train on the same synthetic images with the same Adam settings. Shows each layer's gradient norm at "
                    + "initialisation and after training, the loss curves, parameter counts, and the highway gates.",
            List.of("q01-residual-dense-highway"),
            List.of(ParamSpec.ofInt("depth", "Conv layers in the body").range(8, 56).byDefault(32)
                            .help("a multiple of 4; the claims are made from depth 32, where the plain stack no longer trains"),
                    ParamSpec.ofInt("width", "Channels").range(4, 32).byDefault(6),
                    ParamSpec.ofInt("steps", "Training steps").range(60, 400).byDefault(80)
                            .help("same steps and batches for all four"),
                    ParamSpec.ofInt("batch", "Batch size").range(4, 128).byDefault(16),
                    ParamSpec.ofDouble("lr", "Adam learning rate").range(0.001, 0.01).byDefault(0.003),
                    ParamSpec.ofDouble("gateBias", "Highway gate bias at start").range(-6, -1).byDefault(-2)
                            .help("negative: the layer starts by carrying its input"),
                    ParamSpec.seed(1))).withReferenceModel("resnet50");

    /** Checked parameters; {@code identity = false} is the residual stack without its identity path. */
    public record Setup(int depth, int width, int steps, int batch, double lr, double gateBias, long seed,
                        boolean identity) {
    }

    /**
     * Per stack (in {@link #KINDS} order): conv-layer gradient norms at the first and last step (stem
     * first), the loss of every step, test accuracy, parameters and MACs; the highway gates per layer.
     */
    public record Run(int depth, double[][] gradInit, double[][] gradEnd, double[][] losses, double[] accuracy,
                      double[] parameters, double[] macs, double[] gatesInit, double[] gatesEnd) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        int depth = p.getInt("depth");
        if (depth % DepthStacks.DENSE_BLOCK != 0) {
            throw new ParamException("Parameter 'depth' must be a multiple of 4 in 8..56, got " + depth);
        }
        return new Setup(depth, p.getInt("width"), p.getInt("steps"), p.getInt("batch"), p.getDouble("lr"),
                p.getDouble("gateBias"), p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-identity", "The residual units lose their identity path: only the branch is left, "
                                + "a plain deep stack", s -> new Setup(s.depth(), s.width(), s.steps(), s.batch(), s.lr(),
                                s.gateBias(), s.seed(), false))
                        .flips("first-layer-gradient", "without x + F(x) the gradient again passes through every layer's Jacobian")
                        .flips("residual-trains", "the 'residual' stack is now as hard to optimise as the plain one")
                        .explainedIn("ResNet: add the input back")
                        .build(),
                Break.<Setup>of("gates-open", "Highway gate bias +2 instead of negative: each layer starts by transforming, "
                                + "carrying only 12 % of its input", s -> new Setup(s.depth(), s.width(), s.steps(), s.batch(),
                                s.lr(), 2, s.seed(), s.identity()))
                        .flips("highway-gradient", "the carry path is scaled by 1 − T ≈ 0.12 per layer, so it no longer "
                                + "carries the gradient")
                        .explainedIn("Common wrong answers")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        List<Claim> claims = new ArrayList<>();
        if (r.depth() >= DEEP) {
            claims.add(Claim.atLeast("first-layer-gradient", "At depth " + r.depth() + " the residual stack's first-layer "
                    + "gradient at initialisation is orders of magnitude above the plain stack's: ratio",
                    firstLayerRatio(r, RESIDUAL), 100));
            claims.add(Claim.atLeast("dense-gradient", "The dense stack's concatenations also keep the first-layer "
                    + "gradient orders of magnitude above the plain stack's: ratio", firstLayerRatio(r, DENSE), 100));
            claims.add(Claim.atLeast("highway-gradient", "The highway carry path also keeps the first-layer gradient "
                    + "orders of magnitude above the plain stack's: ratio", firstLayerRatio(r, HIGHWAY), 100));
            claims.add(Claim.atMost("residual-trains", "Residual trains to a lower loss than plain in the same steps: "
                    + "final loss ratio residual / plain", tailLoss(r, RESIDUAL) / tailLoss(r, PLAIN), 0.85));
        }
        return claims;
    }

    static double firstLayerRatio(Run r, int kind) {
        return r.gradInit()[kind][0] / Math.max(r.gradInit()[PLAIN][0], 1e-30);
    }

    /** Mean loss over the last 20 % of steps. */
    static double tailLoss(Run r, int kind) {
        double[] v = r.losses()[kind];
        int from = (int) (v.length * 0.8);
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            return train(s, ctx);
        }
    }

    private Run train(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Training loss (same batches for all four)", "step", "cross-entropy", false);
        ctx.liveChart("first-grad", "Gradient norm of the first conv layer during training", "step", "‖∂L/∂W₁‖", true);
        ImageArrays train = ImageArrays.generate(m, 2048, SIZE, CLASSES, 0.4, s.seed());
        ImageArrays test = ImageArrays.generate(m, 512, SIZE, CLASSES, 0.4, s.seed() + 7919);
        int n = KINDS.length;
        List<Classifier> nets = new ArrayList<>();
        List<List<NDArray>> weights = new ArrayList<>();
        Shape input = new Shape(s.batch(), 1, SIZE, SIZE);
        double[] parameters = new double[n];
        double[] macs = new double[n];
        try {
            for (int k = 0; k < n; k++) {
                Classifier.seed(s.seed());
                NamedChain net = DepthStacks.build(KINDS[k], s.depth(), s.width(), CLASSES, (float) s.gateBias(),
                        s.identity());
                nets.add(new Classifier(KINDS[k], net, ctx.device(), input, CLASSES, Classifier.adam(s.lr()),
                        new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 1f),
                        DataType.FLOAT64));
                weights.add(DepthStacks.convWeights(net));
                parameters[k] = BlockCost.trainableParameters(net);
                macs[k] = BlockCost.macs(net, new Shape(1, 1, SIZE, SIZE));
            }
            double[] gatesInit = gates(nets.get(HIGHWAY), test, m);
            double[][] gradInit = new double[n][];
            double[][] gradEnd = new double[n][];
            double[][] losses = new double[n][s.steps()];
            Random rnd = new Random(s.seed());
            for (int step = 0; step < s.steps(); step++) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray[] b = train.sample(sm, s.batch(), rnd);
                    for (int k = 0; k < n; k++) {
                        double loss = ctx.checkFinite(KINDS[k] + " loss", nets.get(k).backward(b[0], b[1]));
                        boolean all = step == 0 || step == s.steps() - 1;
                        double[] g = DepthStacks.gradNorms(all ? weights.get(k) : weights.get(k).subList(0, 1));
                        if (step == 0) {
                            gradInit[k] = g;
                        }
                        if (step == s.steps() - 1) {
                            gradEnd[k] = g;
                        }
                        nets.get(k).update();
                        losses[k][step] = loss;
                        ctx.point("loss", KINDS[k], step, loss);
                        ctx.point("first-grad", KINDS[k], step, Math.max(g[0], 1e-30));
                    }
                }
                ctx.progress(step + 1, s.steps(), "training four stacks of depth " + s.depth());
            }
            double[] accuracy = new double[n];
            for (int k = 0; k < n; k++) {
                accuracy[k] = nets.get(k).accuracy(m, test, 256, false);
            }
            return new Run(s.depth(), gradInit, gradEnd, losses, accuracy, parameters, macs, gatesInit,
                    gates(nets.get(HIGHWAY), test, m));
        } finally {
            nets.forEach(Classifier::close);
        }
    }

    private static double[] gates(Classifier highway, ImageArrays test, NDManager m) {
        try (NDManager s = m.newSubManager()) {
            NDArray[] probe = test.slice(s, 0, 128);
            return DepthStacks.highwayGates((NamedChain) highway.block(), new ParameterStore(s, false),
                    probe[0].toType(highway.type(), false));
        }
    }

    @Override
    public Presentation present(Run r) {
        int n = KINDS.length;
        List<Series> atInit = new ArrayList<>();
        List<Series> atEnd = new ArrayList<>();
        List<Series> lossCurves = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Presentation.Builder out = Presentation.builder();
        for (int k = 0; k < n; k++) {
            atInit.add(new Series(KINDS[k], index(r.gradInit()[k].length), floor(r.gradInit()[k])));
            atEnd.add(new Series(KINDS[k], index(r.gradEnd()[k].length), floor(r.gradEnd()[k])));
            lossCurves.add(new Series(KINDS[k], index(r.losses()[k].length), r.losses()[k]));
            rows.add(List.of(KINDS[k], Claim.num(r.parameters()[k]), Claim.num(r.macs()[k]),
                    Claim.num(r.gradInit()[k][0]), Claim.num(tailLoss(r, k)), Claim.num(r.accuracy()[k])));
        }
        out.chart(Chart.line("grad-init", "Gradient norm per conv layer at initialisation", "layer (0 = first)",
                        "‖∂L/∂W‖", atInit).withLog(false, true))
                .chart(Chart.line("grad-end", "Gradient norm per conv layer after training", "layer (0 = first)",
                        "‖∂L/∂W‖", atEnd).withLog(false, true))
                .chart(Chart.line("loss", "Training loss (same batches for all four)", "step", "cross-entropy", lossCurves))
                .chart(Chart.line("highway-gates", "Highway: mean transform gate T per layer (1 − T is carried)",
                        "highway layer", "mean T", List.of(new Series("at init", index(r.gatesInit().length), r.gatesInit()),
                                new Series("after training", index(r.gatesEnd().length), r.gatesEnd()))))
                .table(new Table("stacks", "The four stacks (depth " + r.depth() + ")", List.of("stack", "parameters",
                        "MACs per image", "first-layer ‖grad‖ at init", "final loss", "test accuracy"), rows));
        for (int k = 0; k < n; k++) {
            out.metric(KINDS[k] + " final loss", tailLoss(r, k), "")
                    .metric(KINDS[k] + " test accuracy", r.accuracy()[k], "")
                    .metric(KINDS[k] + " parameters", r.parameters()[k], "");
        }
        out.metric("first-layer gradient ratio residual / plain at init", firstLayerRatio(r, RESIDUAL), "×")
                .metric("first-layer gradient ratio highway / plain at init", firstLayerRatio(r, HIGHWAY), "×")
                .metric("highway mean transform gate T at init", Fit.mean(r.gatesInit()), "");
        if (r.depth() < DEEP) {
            out.note("The claims are made from depth " + DEEP + "; here the residual / plain ratio is "
                    + Claim.num(firstLayerRatio(r, RESIDUAL)) + ".");
        }
        return out.note("Final loss is the mean over the last 20 % of steps. Weights start with variance 1/fan-in and "
                        + "there is no normalisation, so each plain ReLU layer halves the signal variance; the identity "
                        + "and concatenation paths of the residual and dense stacks carry it past the layers, and the "
                        + "highway carry gate 1 − T passes most of it while T is small.")
                .build();
    }

    private static double[] index(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static double[] floor(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-30);
        }
        return out;
    }
}
