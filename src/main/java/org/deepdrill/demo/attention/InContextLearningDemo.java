package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
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
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q41: in-context learning. A small linear-attention transformer is trained on prompts
 * (x_1, y_1, …, x_n, y_n, x_q) of random linear tasks y = w·x + noise, w fresh for every prompt, then
 * frozen. On held-out prompts its error at every context length n is compared with least squares,
 * ridge (the Bayes-optimal answer for this prior), the nearest neighbour's label and zero.
 */
public final class InContextLearningDemo implements Demo<InContextLearningDemo.Setup, InContextLearningDemo.Run> {
    public static final String ID = "in-context-learning";
    static final int DIM = 4;
    static final int MAX_CONTEXT = 16;
    private static final int BATCH = 64;
    private static final int WIDTH = 16;
    private static final int HEADS = 2;
    private static final int LAYERS = 3;
    private static final double LR = 0.01;
    private static final double NOISE = 0.5;

    private static final DemoSpec SPEC = new DemoSpec(ID, "In-context learning of linear regression",
            "Trains a small linear-attention transformer on prompts of random linear tasks, then measures on new "
                    + "tasks its error against the number of examples in the prompt, beside least squares, ridge, "
                    + "the nearest neighbour and zero.",
            List.of("q41-in-context-learning"),
            List.of(ParamSpec.ofInt("steps", "Training steps").range(600, 6000).byDefault(1200).quick(600)
                            .help("Adam steps, the learning rate decaying along a cosine; each step draws " + BATCH
                                    + " prompts with new tasks"),
                    ParamSpec.ofInt("testPrompts", "Held-out prompts").range(200, 4000).byDefault(1000).quick(500)
                            .help("new tasks, none seen in training, scored at every context length"),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code taskPool} (0 = a new task every prompt) and {@code shuffleLabels} are the breaks'. */
    public record Setup(int steps, int testPrompts, long seed, int taskPool, boolean shuffleLabels) {
        Setup withTaskPool(int size) {
            return new Setup(steps, testPrompts, seed, size, shuffleLabels);
        }

        Setup withShuffledLabels() {
            return new Setup(steps, testPrompts, seed, taskPool, true);
        }
    }

    /**
     * Mean squared error on held-out prompts at each context length n = 0..MAX_CONTEXT for the
     * transformer, least squares, ridge, the nearest neighbour and zero; the transformer's error on
     * prompts drawn like its training prompts; the training loss every 10 steps.
     */
    public record Run(int dim, double noise, double[] n, double[] transformer, double[] leastSquares, double[] ridge,
                      double[] nearest, double[] zero, double[] onTrainingTasks, double[] loss, long parameters,
                      int taskPool) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("steps"), p.getInt("testPrompts"), p.getInt("seed"), 0, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("few-tasks", "Pre-training uses only 4 fixed weight vectors instead of a new one per prompt",
                                s -> s.withTaskPool(4))
                        .flips("tracks-least-squares", "the model fits the 4 tasks it saw, not the regression, so on new "
                                + "tasks its error stays far above least squares")
                        .flips("beats-nearest-neighbour", "on new tasks it does no better than copying a neighbour's label")
                        .flips("error-falls-with-context", "more examples of a task it never saw do not bring its error down")
                        .explainedIn("Task diversity: memorising versus learning the algorithm")
                        .build(),
                Break.<Setup>of("shuffled-labels", "At test time the labels in each prompt are shuffled among its x's",
                                Setup::withShuffledLabels)
                        .flips("error-falls-with-context", "the context no longer says which y goes with which x, so more "
                                + "examples carry no information about w")
                        .explainedIn("The common wrong answer")
                        .build());
    }

    /** The promises, on held-out prompts whose tasks were never seen in training. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int top = r.n().length - 1;
        int d = r.dim();
        double worst = 0;
        for (int i = 2 * d; i <= top; i++) {
            double span = r.nearest()[i] - r.leastSquares()[i];
            double at = span > 0 ? (r.transformer()[i] - r.leastSquares()[i]) / span : Double.POSITIVE_INFINITY;
            worst = Math.max(worst, at);
        }
        return List.of(
                Claim.atMost("error-falls-with-context", "On new tasks the transformer's error with " + top
                        + " examples in the prompt / its error with 1", r.transformer()[top] / r.transformer()[1], 0.35),
                Claim.atMost("beats-nearest-neighbour", "With " + top + " examples the transformer's error / copying the "
                        + "nearest example's label", r.transformer()[top] / r.nearest()[top], 0.5),
                Claim.atMost("tracks-least-squares", "From n = 2d = " + 2 * d + " to " + top + " the transformer sits near "
                        + "least squares, not near the nearest neighbour: worst (transformer − LS) / (NN − LS)", worst, 0.3),
                Claim.atMost("no-peak-at-d", "At n = d = " + d + ", where least squares' error peaks, the transformer's "
                        + "error / least squares'", r.transformer()[d] / r.leastSquares()[d], 0.5));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed());
        NDManager m = ctx.manager();
        int pairs = MAX_CONTEXT + 1;
        float[][] pool = s.taskPool() > 0 ? IclPrompts.pool(s.taskPool(), DIM, rnd) : null;
        LinearAttentionIcl net = new LinearAttentionIcl(m, DIM, pairs, WIDTH, HEADS, LAYERS, rnd);
        ctx.liveChart("loss", "Training loss, averaged over context lengths 0–" + MAX_CONTEXT + " (live)", "step",
                "mean squared error (smoothed)", true);
        double[] loss = train(net, s, pool, rnd, ctx);

        IclPrompts test = IclPrompts.draw(s.testPrompts(), pairs, DIM, NOISE, null, rnd);
        if (s.shuffleLabels()) {
            test = test.shuffledLabels(rnd);
        }
        IclPrompts seen = IclPrompts.draw(s.testPrompts(), pairs, DIM, NOISE, pool, rnd);
        double[] n = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            n[i] = i;
        }
        return new Run(DIM, NOISE, n, errors(net, test, m), IclBaselines.ridge(test, 0),
                IclBaselines.ridge(test, NOISE * NOISE), IclBaselines.nearestNeighbour(test), IclBaselines.zero(test),
                errors(net, seen, m), loss, net.parameterCount(), s.taskPool());
    }

    private static double[] train(LinearAttentionIcl net, Setup s, float[][] pool, Random rnd, DemoContext ctx) {
        int pairs = MAX_CONTEXT + 1;
        List<NDArray> params = net.parameters();
        ScopedOptimizer adam = ScopedOptimizer.adam(Tracker.cosine().setBaseValue((float) LR)
                .optFinalValue((float) (LR * 0.02)).setMaxUpdates(s.steps()).build()).clipped(1);
        double[] curve = new double[(s.steps() + 9) / 10];
        double running = Double.NaN;
        NDManager m = ctx.manager();
        for (int step = 0; step < s.steps(); step++) {
            ctx.checkCancelled();
            IclPrompts batch = IclPrompts.draw(BATCH, pairs, DIM, NOISE, pool, rnd);
            try (NDManager sub = m.newSubManager()) {
                NDArray tokens = sub.create(net.tokens(batch), net.tokenShape(BATCH));
                NDArray target = sub.create(batch.target(), new Shape(BATCH, pairs));
                NDArray l;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    l = net.forward(tokens).sub(target).square().mean();
                    gc.backward(l);
                }
                for (int p = 0; p < params.size(); p++) {
                    NDArray g = params.get(p).getGradient();
                    g.attach(sub);
                    adam.update("p" + p, params.get(p), g);
                }
                double v = ctx.checkFinite("training loss", l.getFloat());
                running = Double.isNaN(running) ? v : 0.9 * running + 0.1 * v;
            }
            if (step % 10 == 0) {
                curve[step / 10] = running;
                ctx.point("loss", "transformer", step, running);
                ctx.progress(step, s.steps(), "training");
            }
        }
        return curve;
    }

    /** The transformer's mean squared error at every context length over the prompts. */
    private static double[] errors(LinearAttentionIcl net, IclPrompts p, NDManager m) {
        int pairs = p.pairs();
        try (NDManager sub = m.newSubManager()) {
            NDArray pred = net.forward(sub.create(net.tokens(p), net.tokenShape(p.count())));
            NDArray target = sub.create(p.target(), new Shape(p.count(), pairs));
            float[] e = pred.sub(target).square().mean(new int[] {0}).toFloatArray();
            double[] out = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                out[i] = e[i];
            }
            return out;
        }
    }

    @Override
    public Presentation present(Run r) {
        int top = r.n().length - 1;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < r.n().length; i++) {
            rows.add(List.of(Claim.num(r.n()[i]), Claim.num(r.transformer()[i]), Claim.num(r.leastSquares()[i]),
                    Claim.num(r.ridge()[i]), Claim.num(r.nearest()[i]), Claim.num(r.zero()[i])));
        }
        double[] steps = new double[r.loss().length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 10.0 * i;
        }
        return Presentation.builder()
                .chart(Chart.line("error", "Error on new tasks against the number of examples in the prompt", "examples n",
                        "mean squared error", List.of(new Series("transformer", r.n(), r.transformer()),
                                new Series("least squares", r.n(), r.leastSquares()),
                                new Series("ridge (λ = σ²)", r.n(), r.ridge()),
                                new Series("nearest neighbour", r.n(), r.nearest()),
                                new Series("zero", r.n(), r.zero()))).withLog(false, true))
                .chart(Chart.line("loss", "Training loss", "step", "mean squared error (smoothed)",
                        List.of(new Series("transformer", steps, r.loss()))).withLog(false, true))
                .table(new Table("errors", "Mean squared error on held-out prompts, d = " + r.dim() + ", σ = " + r.noise(),
                        List.of("n", "transformer", "least squares", "ridge", "nearest neighbour", "zero"), rows))
                .metric("parameters", r.parameters(), "")
                .metric("final training loss (smoothed)", r.loss()[r.loss().length - 1], "")
                .metric("transformer / least squares at n = " + top, r.transformer()[top] / r.leastSquares()[top], "")
                .metric("transformer / ridge at n = d = " + r.dim(), r.transformer()[r.dim()] / r.ridge()[r.dim()], "")
                .metric("transformer error at n = " + top + " on prompts drawn like its training prompts",
                        r.onTrainingTasks()[top], "")
                .note("The model: " + LAYERS + " layers of " + HEADS + "-head linear self-attention (scores q·k, no "
                        + "softmax, no MLP) with residual connections, width " + WIDTH + ", " + r.parameters()
                        + " parameters. Each example is one token [x; y; 1], each query a token [x; 0; 0]; query i attends "
                        + "to the pairs before it, so one pass scores every context length. Training draws "
                        + (r.taskPool() > 0 ? "its tasks from a pool of only " + r.taskPool() + " weight vectors"
                                : "a new weight vector for every prompt") + "; the held-out prompts always have new ones.")
                .note("Least squares is minimum-norm below n = d; at n = d it fits the noise exactly and its error "
                        + "spikes. Ridge with λ = σ² is the Bayes-optimal prediction for w ~ N(0, I). Nearest neighbour "
                        + "copies the label of the context x closest to the query; zero predicts 0, about d + σ².")
                .build();
    }
}
