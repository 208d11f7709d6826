package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q24: CLIP-style alignment. A small CNN image encoder and a bag-of-words text encoder trained with
 * the symmetric InfoNCE loss on coloured-pattern images and two-word captions with synonyms.
 * Measures retrieval both ways and the similarity matrix, and repeats the training at τ = 1 and
 * τ = 0.01 to show what the temperature does.
 */
public final class ContrastiveDemo implements Demo<ContrastiveDemo.Setup, ContrastiveDemo.Run> {
    public static final String ID = "contrastive-alignment";
    private static final int SIZE = 12;
    /** Pairs per batch: one image of every concept, so a batch holds no false negatives. */
    static final int BATCH = ColourShapes.CONCEPTS;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Contrastive image–text alignment (InfoNCE)",
            "Two encoders map coloured-pattern images and short captions into one space; the symmetric InfoNCE "
                    + "loss pulls matching pairs together. Retrieval accuracy both ways, the similarity matrix, "
                    + "and the effect of the temperature τ.",
            List.of("q24-contrastive-alignment"),
            List.of(ParamSpec.ofDouble("temperature", "Temperature τ (main run)").range(0.005, 2).byDefault(0.07)
                            .help("the comparison runs use τ = 1 and τ = 0.01"),
                    ParamSpec.ofInt("steps", "Training steps per temperature").range(50, 5000).byDefault(600).quick(250),
                    ParamSpec.ofInt("embed", "Shared embedding size").range(4, 256).byDefault(32),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)").range(1e-5, 1e-1).byDefault(3e-3),
                    ParamSpec.seed(11)));

    /** Checked parameters; {@code negatives} is false when the loss only pulls matching pairs together. */
    public record Setup(double temperature, int steps, int embed, double lr, long seed, boolean negatives) {
    }

    /** One training run at one temperature, measured on held-out pairs. */
    public record Result(double tau, double imageToText, double textToImage, double loss, double positiveProb,
                         double cosineGap, int stepsTo90) {
    }

    /** The main run, the τ = 1 run and the τ = 0.01 run, and the main run's similarity matrix. */
    public record Run(int steps, int batch, Result main, Result hot, Result cold, double[][] similarity) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getDouble("temperature"), p.getInt("steps"), p.getInt("embed"), p.getDouble("lr"),
                p.getInt("seed"), true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("no-negatives", "Every run only maximises the cosine of matching pairs: no contrastive "
                                + "denominator, no negatives",
                                s -> new Setup(s.temperature(), s.steps(), s.embed(), s.lr(), s.seed(), false))
                        .flips("image-to-text", "with nothing pushing pairs apart the embeddings collapse, so retrieval "
                                + "falls towards chance")
                        .flips("text-to-image", "the same collapse, seen from the captions")
                        .flips("cosine-gap", "a collapsed space gives every pair the same cosine")
                        .flips("hot-near-floor", "collapsed embeddings leave the τ = 1 InfoNCE at log N, far above "
                                + "its floor")
                        .explainedIn("The common wrong answer")
                        .build(),
                Break.<Setup>of("tau-one", "The main run uses τ = 1: cosine logits in [−1, 1], no sharpening",
                                s -> new Setup(1.0, s.steps(), s.embed(), s.lr(), s.seed(), s.negatives()))
                        .flips("sharp-softmax", "logits capped at ±1 cap p(correct pair) near e/(e + 31/e) ≈ 0.08")
                        .explainedIn("The gradient, and what τ does to it")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        Result m = r.main();
        String tau = "τ = " + Claim.num(m.tau());
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.atLeast("image-to-text", "Image → text retrieval works on held-out images: top-1 among 32 captions "
                + "(chance 0.031) at " + tau, m.imageToText(), 0.9));
        claims.add(Claim.atLeast("text-to-image", "Text → image retrieval works too: top-1 among the held-out images "
                + "at " + tau, m.textToImage(), 0.9));
        claims.add(Claim.atLeast("cosine-gap", "Matching pairs score higher than mismatched ones: mean cosine, matching − "
                + "mismatched", m.cosineGap(), 0.3));
        claims.add(Claim.atLeast("sharp-softmax", "At " + tau + " the learnt cosines give a sharp softmax: mean p(correct "
                + "pair) in a batch of " + r.batch(), m.positiveProb(), 0.8));
        claims.add(Claim.atMost("hot-near-floor", "At τ = 1 the loss stalls just above its floor "
                + "log(1+(N−1)e^{−(1+1/(N−1))/τ}): final loss − floor, in nats",
                r.hot().loss() - floor(r.batch(), 1.0), 0.15));
        claims.add(Claim.atLeast("cold-learns-slower", "At τ = 0.01 only the hardest negative gets gradient, so learning "
                + "is slower: steps to 90 % held-out image → text accuracy, τ = 0.01 / " + tau,
                stepRatio(r.cold(), m, r.steps()), 1.3));
        claims.add(Claim.atMost("cold-smaller-gap", "At τ = 0.01 tiny margins already give a near-zero loss, so the "
                + "cosine gap stays smaller: gap at τ = 0.01 / gap at " + tau, r.cold().cosineGap() / m.cosineGap(), 0.7));
        return claims;
    }

    /**
     * Steps to 90 % of the slow run over those of the fast run. A slow run that never got there counts
     * steps + 1 (so the ratio is a lower bound); NaN if the fast run never got there.
     */
    static double stepRatio(Result slow, Result fast, int steps) {
        if (fast.stepsTo90() < 0) {
            return Double.NaN;
        }
        return (slow.stepsTo90() < 0 ? steps + 1 : slow.stepsTo90()) / (double) fast.stepsTo90();
    }

    /** The least symmetric InfoNCE a batch of n pairs can reach at temperature τ (regular-simplex embeddings). */
    static double floor(int n, double tau) {
        return Math.log(1 + (n - 1) * Math.exp(-(1 + 1.0 / (n - 1)) / tau));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Symmetric InfoNCE loss per temperature", "step", "loss", false);
        ctx.liveChart("acc", "Held-out retrieval accuracy image → text (32 captions)", "step", "top-1 accuracy", false);
        ColourShapes train = ColourShapes.generate(ColourShapes.CONCEPTS * 64, SIZE, 0.15, s.seed());
        ColourShapes test = ColourShapes.generate(ColourShapes.CONCEPTS * 4, SIZE, 0.15, s.seed() + 1000);
        NDArray trainImages = m.create(train.images, new Shape(train.concept.length, 3, SIZE, SIZE));
        NDArray testImages = m.create(test.images, new Shape(test.concept.length, 3, SIZE, SIZE));
        Data data = new Data(trainImages, train.concept, testImages, test.concept);

        double[][][] similarity = new double[1][][];
        Result main = train(s, ctx, data, s.temperature(), 0, similarity);
        Result hot = s.temperature() == 1.0 ? main : train(s, ctx, data, 1.0, 1, null);
        Result cold = train(s, ctx, data, 0.01, 2, null);
        return new Run(s.steps(), BATCH, main, hot, cold, similarity[0]);
    }

    @Override
    public Presentation present(Run r) {
        List<List<String>> rows = new ArrayList<>();
        List<Result> runs = r.hot() == r.main() ? List.of(r.main(), r.cold()) : List.of(r.main(), r.hot(), r.cold());
        for (Result x : runs) {
            rows.add(List.of(Claim.num(x.tau()), Claim.num(x.imageToText()), Claim.num(x.textToImage()),
                    Claim.num(x.loss()), Claim.num(floor(r.batch(), x.tau())), Claim.num(x.positiveProb()),
                    x.stepsTo90() < 0 ? "not reached" : Integer.toString(x.stepsTo90()), Claim.num(x.cosineGap())));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < ColourShapes.CONCEPTS; c++) {
            names.add(ColourShapes.name(c));
        }
        double hotCap = Math.E / (Math.E + (r.batch() - 1) * Math.exp(-1.0 / (r.batch() - 1)));
        return Presentation.builder()
                .heatmap(new Heatmap("similarity", "Cosine similarity, held-out images × captions (τ = "
                        + Claim.num(r.main().tau()) + ")", "image", "caption", r.similarity(), names, names))
                .table(new Table("temperatures", "Effect of the temperature (same steps, same data)",
                        List.of("τ", "image→text top-1", "text→image top-1", "final InfoNCE",
                                "loss floor log(1+(N−1)e^{−(1+1/(N−1))/τ})", "mean p(correct pair)",
                                "steps to 90% image→text", "cosine gap"), rows))
                .metric("image → text top-1 (τ = " + Claim.num(r.main().tau()) + ")", r.main().imageToText(), "")
                .metric("text → image top-1 (τ = " + Claim.num(r.main().tau()) + ")", r.main().textToImage(), "")
                .metric("chance level", 1.0 / ColourShapes.CONCEPTS, "")
                .metric("loss floor at τ = 1 (formula)", floor(r.batch(), 1.0), "nats")
                .metric("largest p(correct pair) the geometry allows at τ = 1 (formula)", hotCap, "")
                .metric("final InfoNCE at τ = 1", r.hot().loss(), "nats")
                .note("At τ = 1 the logits are cosines, so they lie in [−1, 1]: p(correct pair) cannot exceed "
                        + Claim.num(hotCap) + " and the loss cannot fall below " + Claim.num(floor(r.batch(), 1.0))
                        + " nats, whatever the encoders learn. Those two bounds are arithmetic and are shown as metrics; "
                        + "the claims test what training reached.")
                .build();
    }

    // --- the machinery -------------------------------------------------------------------------

    private record Data(NDArray images, int[] concepts, NDArray testImages, int[] testConcepts) {
    }

    private static Result train(Setup setup, DemoContext ctx, Data d, double tau, int run, double[][][] similarity) {
        Engine.getInstance().setRandomSeed((int) setup.seed());
        NDManager m = ctx.manager();
        int steps = setup.steps();
        Weights w = new Weights(m, setup.lr());
        w.normal("conv1.w", Math.sqrt(2.0 / 27), 16, 3, 3, 3);
        w.zeros("conv1.b", 16);
        w.normal("conv2.w", Math.sqrt(2.0 / 144), 32, 16, 3, 3);
        w.zeros("conv2.b", 32);
        w.dense("img", 32 * 3 * 3, setup.embed());
        w.dense("txt1", ColourShapes.VOCAB, 64);
        w.dense("txt2", 64, setup.embed());
        Random rnd = new Random(setup.seed() + 17L * run);
        int n = BATCH;
        int perConcept = d.concepts().length / n;
        String series = "τ = " + Claim.num(tau);
        int tail = Math.max(1, steps / 10);
        double lossSum = 0;
        double probSum = 0;
        int reached = -1;
        for (int step = 1; step <= steps; step++) {
            int[] idx = new int[n];
            int[] batchConcepts = new int[n];
            for (int c = 0; c < n; c++) {
                idx[c] = c + n * rnd.nextInt(perConcept);
                batchConcepts[c] = d.concepts()[idx[c]];
            }
            double loss;
            double prob;
            try (NDManager s = m.newSubManager()) {
                NDArray x = d.images().get(s.create(idx)); // (N,3,S,S)
                x.attach(s);
                NDArray caps = s.create(ColourShapes.captions(batchConcepts, rnd), new Shape(n, ColourShapes.VOCAB));
                NDArray infoNce;
                NDArray p;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray cos = encodeImages(w, x).matMul(encodeText(w, caps).transpose()); // (N,N)
                    NDArray logits = cos.div(Scalars.of(tau));
                    NDArray eye = s.eye(n);
                    NDArray rowTerm = logits.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg();
                    NDArray colTerm = logits.logSoftmax(0).mul(eye).sum(new int[] {0}).mean().neg();
                    infoNce = rowTerm.add(colTerm).div(Scalars.of(2));
                    p = logits.softmax(1).mul(eye).sum(new int[] {1}).mean();
                    // Without negatives the objective is the mean cosine of the matching pairs alone.
                    gc.backward(setup.negatives() ? infoNce : cos.mul(eye).sum().div(Scalars.of(n)).neg());
                }
                w.step();
                loss = ctx.checkFinite("loss", infoNce.getFloat());
                prob = p.getFloat();
            }
            if (step > steps - tail) {
                lossSum += loss;
                probSum += prob;
            }
            if (step % 10 == 0 || step == 1) {
                ctx.point("loss", series, step, loss);
                ctx.progress(run * steps + step, 3 * steps, "training at " + series);
            }
            if (step % Math.max(1, steps / 25) == 0 || step == steps) {
                try (NDManager s = m.newSubManager()) {
                    double acc = evaluate(s, w, d, rnd)[0];
                    ctx.point("acc", series, step, acc);
                    if (acc >= 0.9 && reached < 0) {
                        reached = step;
                    }
                }
            }
        }
        double[] eval;
        try (NDManager s = m.newSubManager()) {
            eval = evaluate(s, w, d, rnd);
            if (similarity != null) {
                similarity[0] = similarityMatrix(s, w, d, rnd);
            }
        }
        return new Result(tau, eval[0], eval[1], lossSum / tail, probSum / tail, eval[2], reached);
    }

    /** conv 3→16, ReLU, max-pool 2, conv 16→32, ReLU, max-pool 2, dense, L2-normalise: (B,3,12,12) to (B,D). */
    private static NDArray encodeImages(Weights w, NDArray x) {
        NDArray h = Conv2d.conv2d(x, w.get("conv1.w"), w.get("conv1.b"), new Shape(1, 1), new Shape(1, 1)).head()
                .maximum(Scalars.of(0)); // (B,16,12,12)
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false); // (B,16,6,6)
        h = Conv2d.conv2d(h, w.get("conv2.w"), w.get("conv2.b"), new Shape(1, 1), new Shape(1, 1)).head()
                .maximum(Scalars.of(0)); // (B,32,6,6)
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false); // (B,32,3,3)
        return normalise(w.apply("img", h.reshape(h.getShape().get(0), -1))); // (B,D)
    }

    /** Sum of word vectors (a dense layer on the bag of words), ReLU, dense, L2-normalise: (B,V) to (B,D). */
    private static NDArray encodeText(Weights w, NDArray bag) {
        return normalise(w.apply("txt2", w.apply("txt1", bag).maximum(Scalars.of(0))));
    }

    private static NDArray normalise(NDArray z) {
        return z.div(z.norm(new int[] {1}, true).add(1e-6f));
    }

    private static NDArray allCaptions(NDManager s, Random rnd) {
        int n = ColourShapes.CONCEPTS;
        int[] all = new int[n];
        for (int c = 0; c < n; c++) {
            all[c] = c;
        }
        return s.create(ColourShapes.captions(all, rnd), new Shape(n, ColourShapes.VOCAB)); // (32,V)
    }

    /** Top-1 image→text over the 32 concepts, text→image over all test images, and the cosine gap. */
    private static double[] evaluate(NDManager s, Weights w, Data d, Random rnd) {
        int n = ColourShapes.CONCEPTS;
        int[] concepts = d.testConcepts();
        NDArray images = d.testImages().duplicate();
        images.attach(s);
        NDArray zi = encodeImages(w, images); // (M,D)
        NDArray zt = encodeText(w, allCaptions(s, rnd)); // (32,D)
        NDArray sim = zi.matMul(zt.transpose()); // (M,32)
        long[] bestCaption = sim.argMax(1).toLongArray(); // (M)
        long[] bestImage = sim.argMax(0).toLongArray(); // (32)
        NDArray match = s.create(concepts).reshape(-1, 1).eq(s.arange(n).reshape(1, n)).toType(DataType.FLOAT32, false);
        double pos = sim.mul(match).sum().getFloat() / concepts.length;
        double neg = sim.mul(match.neg().add(1)).sum().getFloat() / (concepts.length * (n - 1.0));
        int hitsI = 0;
        for (int i = 0; i < concepts.length; i++) {
            hitsI += bestCaption[i] == concepts[i] ? 1 : 0;
        }
        int hitsT = 0;
        for (int c = 0; c < n; c++) {
            hitsT += concepts[(int) bestImage[c]] == c ? 1 : 0;
        }
        return new double[] {hitsI / (double) concepts.length, hitsT / (double) n, pos - neg};
    }

    /** Cosines between the first held-out image of each concept and each concept's caption: (32,32). */
    private static double[][] similarityMatrix(NDManager s, Weights w, Data d, Random rnd) {
        int n = ColourShapes.CONCEPTS;
        int[] concepts = d.testConcepts();
        int[] firstOf = new int[n];
        for (int i = concepts.length - 1; i >= 0; i--) {
            firstOf[concepts[i]] = i;
        }
        NDArray firstImages = d.testImages().get(s.create(firstOf));
        firstImages.attach(s);
        NDArray zi = encodeImages(w, firstImages); // (32,D)
        NDArray zt = encodeText(w, allCaptions(s, rnd)); // (32,D)
        return Plots.matrix(zi.matMul(zt.transpose()));
    }
}
