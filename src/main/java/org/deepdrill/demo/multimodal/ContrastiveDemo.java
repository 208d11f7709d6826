package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Q24: CLIP-style alignment. A small CNN image encoder and a bag-of-words text encoder trained with
 * the symmetric InfoNCE loss on coloured-pattern images and two-word captions with synonyms.
 * Measures retrieval both ways, draws the similarity matrix, and repeats the training at other
 * temperatures.
 */
public final class ContrastiveDemo extends LegacyDemo {
    public static final String ID = "contrastive-alignment";
    private static final int SIZE = 12;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Contrastive image–text alignment (InfoNCE)",
            "Two encoders map coloured-pattern images and short captions into one space; the symmetric InfoNCE "
                    + "loss pulls matching pairs together. Retrieval accuracy both ways, the similarity matrix, "
                    + "and the effect of the temperature τ.",
            List.of("q24-contrastive-alignment"),
            List.of(ParamSpec.ofDouble("temperature", "Temperature τ (main run)", 0.005, 2.0, 0.07, 0.07, ""),
                    ParamSpec.ofInt("steps", "Training steps per temperature", 50, 5000, 600, 250, ""),
                    ParamSpec.ofInt("embed", "Shared embedding size", 4, 256, 32, 32, ""),
                    ParamSpec.ofBool("compareTemperatures", "Also train at τ = 1 and τ = 0.01", true, true,
                            "quick mode trains only τ = 1 besides the main τ"),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)", 1e-5, 1e-1, 3e-3, 3e-3, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 11, 11, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        double tau = ctx.params().getDouble("temperature");
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        NDManager m = ctx.manager();
        ctx.liveChart("loss", "Symmetric InfoNCE loss per temperature", "step", "loss", false);
        ctx.liveChart("acc", "Held-out retrieval accuracy image → text (32 captions)", "step", "top-1 accuracy", false);

        ColourShapes train = ColourShapes.generate(ColourShapes.CONCEPTS * 64, SIZE, 0.15, seed);
        ColourShapes test = ColourShapes.generate(ColourShapes.CONCEPTS * 4, SIZE, 0.15, seed + 1000);
        NDArray trainImages = m.create(train.images, new Shape(train.concept.length, 3, SIZE, SIZE));
        NDArray testImages = m.create(test.images, new Shape(test.concept.length, 3, SIZE, SIZE));

        List<Double> temps = new ArrayList<>(List.of(tau));
        if (ctx.params().getBool("compareTemperatures")) {
            if (tau != 1.0) {
                temps.add(1.0);
            }
            if (!ctx.quick() && tau != 0.01) {
                temps.add(0.01);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        Result main = null;
        Result hot = null;
        Result cold = null;
        for (int k = 0; k < temps.size(); k++) {
            double t = temps.get(k);
            Engine.getInstance().setRandomSeed(seed);
            Result r = train(ctx, m, trainImages, train.concept, testImages, test.concept, t, steps, seed, k, temps.size());
            rows.add(List.of(Claim.num(t), Claim.num(r.imageToText), Claim.num(r.textToImage), Claim.num(r.loss),
                    Claim.num(r.floor), Claim.num(r.positiveProb),
                    r.stepsTo90 < 0 ? "not reached" : Integer.toString(r.stepsTo90), Claim.num(r.cosineGap)));
            if (k == 0) {
                main = r;
            }
            if (t == 1.0) {
                hot = r;
            }
            if (t == 0.01) {
                cold = r;
            }
        }
        ctx.table(new Table("temperatures", "Effect of the temperature (same steps, same data)",
                List.of("τ", "image→text top-1", "text→image top-1", "final train loss",
                        "loss floor log(1+(N−1)e^{−(1+1/(N−1))/τ})", "mean p(correct pair)", "steps to 90% image→text", "cosine gap"), rows));

        ctx.metric("image → text top-1 (τ = " + Claim.num(tau) + ")", main.imageToText, "");
        ctx.metric("text → image top-1 (τ = " + Claim.num(tau) + ")", main.textToImage, "");
        ctx.metric("chance level", 1.0 / ColourShapes.CONCEPTS, "");
        ctx.claim(Claim.atLeast("Image → text retrieval among 32 held-out captions (chance 0.031): top-1 at τ = "
                + Claim.num(tau), main.imageToText, 0.7));
        ctx.claim(Claim.atLeast("Text → image retrieval among 128 held-out images: top-1 at τ = " + Claim.num(tau),
                main.textToImage, 0.7));
        ctx.claim(Claim.atLeast("Matching pairs score higher than mismatched ones: mean cosine gap (diagonal − off-diagonal)",
                main.cosineGap, 0.3));
        if (hot != null && hot != main) {
            ctx.claim(Claim.atMost("At τ = 1 the softmax cannot sharpen: mean p(correct pair) in a batch of 32",
                    hot.positiveProb, 0.25));
            ctx.claim(Claim.atLeast("…and its loss stays at or above the floor log(1+(N−1)e^{−(1+1/(N−1))/τ}): loss − floor",
                    hot.loss - hot.floor, -0.02));
            ctx.claim(Claim.atLeast("At τ = " + Claim.num(tau) + " the same cosines give a sharp softmax: mean p(correct pair)",
                    main.positiveProb, 0.8));
            ctx.claim(Claim.atMost("τ = " + Claim.num(tau) + " learns at least as fast as τ = 1: steps to 90% accuracy, ratio",
                    reachedOr(main, steps) / (double) reachedOr(hot, steps), 1.0));
        }
        if (cold != null && cold != main) {
            ctx.claim(Claim.atMost("At τ = 0.01 tiny margins already give near-zero loss: its cosine gap relative to τ = "
                    + Claim.num(tau), cold.cosineGap / main.cosineGap, 0.7));
        }
    }

    private static int reachedOr(Result r, int steps) {
        return r.stepsTo90 < 0 ? steps + 1 : r.stepsTo90;
    }

    private record Result(double imageToText, double textToImage, double loss, double floor, double positiveProb,
                          double cosineGap, int stepsTo90) {
    }

    private Result train(LegacyContext ctx, NDManager m, NDArray images, int[] concepts, NDArray testImages,
                         int[] testConcepts, double tau, int steps, int seed, int run, int runs) {
        int d = ctx.params().getInt("embed");
        Weights w = new Weights(m, ctx.params().getDouble("lr"));
        w.normal("conv1.w", Math.sqrt(2.0 / 27), 16, 3, 3, 3);
        w.zeros("conv1.b", 16);
        w.normal("conv2.w", Math.sqrt(2.0 / 144), 32, 16, 3, 3);
        w.zeros("conv2.b", 32);
        w.dense("img", 32 * 3 * 3, d);
        w.dense("txt1", ColourShapes.VOCAB, 64);
        w.dense("txt2", 64, d);
        Random rnd = new Random(seed + 17L * run);
        int n = ColourShapes.CONCEPTS;
        int perConcept = concepts.length / n;
        String series = "τ = " + Claim.num(tau);
        double loss = Double.NaN;
        double positiveProb = Double.NaN;
        int reached = -1;
        for (int step = 1; step <= steps; step++) {
            // One image of every concept per batch: no false negatives among the 32 pairs.
            int[] idx = new int[n];
            int[] batchConcepts = new int[n];
            for (int c = 0; c < n; c++) {
                idx[c] = c + n * rnd.nextInt(perConcept);
                batchConcepts[c] = concepts[idx[c]];
            }
            try (NDManager s = m.newSubManager()) {
                NDArray x = images.get(s.create(idx)); // (N,3,S,S)
                x.attach(s); // the step's activations follow it into the step's manager
                NDArray caps = s.create(ColourShapes.captions(batchConcepts, rnd), new Shape(n, ColourShapes.VOCAB));
                NDArray l;
                NDArray p;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = encodeImages(w, x).matMul(encodeText(w, caps).transpose()).div(org.deepdrill.demo.lib.train.Scalars.of(tau)); // (N,N)
                    NDArray eye = s.eye(n);
                    NDArray rowTerm = logits.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg();
                    NDArray colTerm = logits.logSoftmax(0).mul(eye).sum(new int[] {0}).mean().neg();
                    l = rowTerm.add(colTerm).div(org.deepdrill.demo.lib.train.Scalars.of(2));
                    p = logits.softmax(1).mul(eye).sum(new int[] {1}).mean();
                    gc.backward(l);
                }
                w.step();
                loss = ctx.checkFinite("loss", l.getFloat());
                positiveProb = p.getFloat();
            }
            if (step % 10 == 0 || step == 1) {
                ctx.point("loss", series, step, loss);
                ctx.progress(run * steps + step, runs * steps, "training at " + series);
            }
            if (step % Math.max(1, steps / 20) == 0 || step == steps) {
                try (NDManager s = m.newSubManager()) {
                    double acc = evaluate(s, w, testImages, testConcepts, rnd)[0];
                    ctx.point("acc", series, step, acc);
                    if (acc >= 0.9 && reached < 0) {
                        reached = step;
                    }
                }
            }
        }
        double[] eval;
        try (NDManager s = m.newSubManager()) {
            eval = evaluate(s, w, testImages, testConcepts, rnd);
            if (run == 0) {
                similarityHeatmap(ctx, s, w, testImages, testConcepts, tau, rnd);
            }
        }
        double floor = Math.log(1 + (n - 1) * Math.exp(-(1 + 1.0 / (n - 1)) / tau));
        return new Result(eval[0], eval[1], loss, floor, positiveProb, eval[2], reached);
    }

    /** conv 3→16, ReLU, max-pool 2, conv 16→32, ReLU, max-pool 2, dense, L2-normalise: (B,3,12,12) to (B,D). */
    private static NDArray encodeImages(Weights w, NDArray x) {
        NDArray h = Conv2d.conv2d(x, w.get("conv1.w"), w.get("conv1.b"), new Shape(1, 1), new Shape(1, 1)).head()
                .maximum(org.deepdrill.demo.lib.train.Scalars.of(0)); // (B,16,12,12)
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false); // (B,16,6,6)
        h = Conv2d.conv2d(h, w.get("conv2.w"), w.get("conv2.b"), new Shape(1, 1), new Shape(1, 1)).head()
                .maximum(org.deepdrill.demo.lib.train.Scalars.of(0)); // (B,32,6,6)
        h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false); // (B,32,3,3)
        return normalise(w.apply("img", h.reshape(h.getShape().get(0), -1))); // (B,D)
    }

    /** Sum of word vectors (a dense layer on the bag of words), ReLU, dense, L2-normalise: (B,V) to (B,D). */
    private static NDArray encodeText(Weights w, NDArray bag) {
        return normalise(w.apply("txt2", w.apply("txt1", bag).maximum(org.deepdrill.demo.lib.train.Scalars.of(0))));
    }

    private static NDArray normalise(NDArray z) {
        return z.div(z.norm(new int[] {1}, true).add(1e-6f));
    }

    /** Top-1 image→text over the 32 concepts, text→image over all test images, and the cosine gap. */
    private static double[] evaluate(NDManager s, Weights w, NDArray images, int[] concepts, Random rnd) {
        int n = ColourShapes.CONCEPTS;
        int[] all = new int[n];
        for (int c = 0; c < n; c++) {
            all[c] = c;
        }
        NDArray zi = encodeImages(w, images); // (M,D)
        NDArray zt = encodeText(w, s.create(ColourShapes.captions(all, rnd), new Shape(n, ColourShapes.VOCAB))); // (32,D)
        NDArray sim = zi.matMul(zt.transpose()); // (M,32)
        long[] bestCaption = sim.argMax(1).toLongArray(); // (M)
        long[] bestImage = sim.argMax(0).toLongArray(); // (32)
        NDArray truth = s.create(concepts);
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
        truth.close();
        return new double[] {hitsI / (double) concepts.length, hitsT / (double) n, pos - neg};
    }

    private static void similarityHeatmap(LegacyContext ctx, NDManager s, Weights w, NDArray images, int[] concepts,
                                          double tau, Random rnd) {
        int n = ColourShapes.CONCEPTS;
        int[] firstOf = new int[n];
        int[] all = new int[n];
        for (int c = 0; c < n; c++) {
            all[c] = c;
        }
        for (int i = concepts.length - 1; i >= 0; i--) {
            firstOf[concepts[i]] = i;
        }
        NDArray firstImages = images.get(s.create(firstOf));
        firstImages.attach(s);
        NDArray zi = encodeImages(w, firstImages); // (32,D)
        NDArray zt = encodeText(w, s.create(ColourShapes.captions(all, rnd), new Shape(n, ColourShapes.VOCAB)));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            names.add(ColourShapes.name(c));
        }
        ctx.heatmap(new Heatmap("similarity", "Cosine similarity, held-out images × captions (τ = " + Claim.num(tau) + ")",
                "image", "caption", Plots.matrix(zi.matMul(zt.transpose())), names, names));
    }
}
