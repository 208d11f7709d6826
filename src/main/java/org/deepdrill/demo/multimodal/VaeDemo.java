package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Q27: a VAE on small synthetic pattern images. Streams the two ELBO terms while training, checks the
 * closed-form KL against a Monte-Carlo estimate, decodes traversals of each latent dimension, and
 * retrains at β×4 and β/4 to show the rate–distortion trade-off.
 */
public final class VaeDemo implements Demo<VaeDemo.Setup, VaeDemo.Run> {
    public static final String ID = "vae-latent";
    private static final int SIZE = 12;
    private static final int PIXELS = SIZE * SIZE;
    private static final int TRAIN_IMAGES = 2048;
    private static final int HELD_OUT = 512;
    /** Held-out images and samples per image of the Monte-Carlo KL estimate. */
    static final int MC_IMAGES = 64;
    private static final int MC_SAMPLES = 256;

    private static final DemoSpec SPEC = new DemoSpec(ID, "VAE: ELBO terms, latent traversals and β",
            "A VAE with a Gaussian decoder on 12×12 pattern images: reconstruction and KL terms live, "
                    + "decoded traversals of every latent dimension, and the trade-off as β changes.",
            List.of("q27-vae"),
            List.of(ParamSpec.ofDouble("beta", "β (main run)").range(0.01, 20).byDefault(1)
                            .help("weight of the KL term; the comparison runs use β×4 and β/4"),
                    ParamSpec.ofDouble("decoderStd", "Decoder std σ_x").range(0.05, 2).byDefault(0.5)
                            .help("reconstruction = ‖x − x̂‖²/(2σ_x²): a larger σ_x makes the KL relatively dearer"),
                    ParamSpec.ofInt("latent", "Latent dimensions").range(2, 16).byDefault(8),
                    ParamSpec.ofInt("steps", "Training steps per β").range(50, 10000).byDefault(1500).quick(500),
                    ParamSpec.ofInt("classes", "Pattern classes in the data").range(2, 8).byDefault(6),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)").range(1e-5, 1e-1).byDefault(2e-3).quick(3e-3),
                    ParamSpec.seed(5)));

    /**
     * Checked parameters. {@code sumPixels} is false when the reconstruction averages over pixels;
     * {@code halfLogVar} is false when the sampler takes σ = exp(log σ²) instead of exp(log σ² / 2).
     */
    public record Setup(double beta, double decoderStd, int latent, int steps, int classes, double lr, long seed,
                        boolean sumPixels, boolean halfLogVar) {
    }

    /** One VAE trained at one β, measured on the held-out images (per image, in nats). */
    public record Trained(double beta, double recon, double kl, double initialLoss, double[] klPerDim,
                          double[] muVariance) {
        double negElbo() {
            return recon + kl;
        }

        int active() {
            int a = 0;
            for (double v : muVariance) {
                a += v > 0.01 ? 1 : 0;
            }
            return a;
        }
    }

    /**
     * The held-out cost of predicting every image by the mean training image (no latent at all);
     * the three trained models; the Monte-Carlo KL and the closed form on the same {@code mcImages}
     * held-out images; the traversal mosaic of the main model and its rows' dimensions.
     */
    public record Run(double beta, double decoderStd, double meanImageNll, Trained main, Trained high, Trained low,
                      double klMonteCarlo,
                      double klClosedSameImages, int mcImages, double[][] traversals, int[] traversalOrder,
                      double[] traversalChange) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getDouble("beta"), p.getDouble("decoderStd"), p.getInt("latent"), p.getInt("steps"),
                p.getInt("classes"), p.getDouble("lr"), p.getInt("seed"), true, true);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("pixel-mean-likelihood", "The reconstruction term averages the squared error over the 144 "
                                + "pixels while the KL is summed over dimensions: an implicit β of 144",
                                s -> new Setup(s.beta(), s.decoderStd(), s.latent(), s.steps(), s.classes(), s.lr(),
                                        s.seed(), false, s.halfLogVar()))
                        .flips("code-pays-for-itself", "the code collapses, so the model is no better than the mean image")
                        .flips("beta-blurs", "at an implicit β of 144 the code is already (almost) empty, so β×4 "
                                + "has nothing left to take from the reconstructions")
                        .flips("low-beta-sharper", "even β/4 leaves an implicit β of 36: still no code, no sharper images")
                        .flips("bound-best-at-one", "all three models are collapsed to about the same bound, so the model "
                                + "meant to be trained at β = 1 is no longer better")
                        .flips("low-beta-looser", "the same collapse: β/4 reaches the same bound")
                        .explainedIn("The decoder likelihood, and β")
                        .build(),
                Break.<Setup>of("std-from-logvar", "The sampler uses σ = exp(log σ²), forgetting the ½, while the KL "
                                + "formula still reads exp(log σ²) as the variance",
                                s -> new Setup(s.beta(), s.decoderStd(), s.latent(), s.steps(), s.classes(), s.lr(),
                                        s.seed(), s.sumPixels(), false))
                        .flips("kl-matches-monte-carlo", "the closed form describes a different Gaussian from the one "
                                + "sampled, so the Monte-Carlo KL of the real q disagrees with it")
                        .explainedIn("The reparameterisation trick")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        Trained m = r.main();
        String b = Claim.num(r.beta());
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.near("kl-matches-monte-carlo", "The closed-form KL matches a Monte-Carlo estimate "
                + "E_q[log q − log p] on the same " + r.mcImages() + " held-out images: ratio",
                r.klMonteCarlo() / r.klClosedSameImages(), 1.0, 0.05));
        claims.add(Claim.atMost("code-pays-for-itself", "The latent code is worth its nats: held-out −ELBO / the cost "
                + "of predicting every image by the mean image (no latent)", m.negElbo() / r.meanImageNll(), 0.6));
        claims.add(Claim.atMost("beta-lowers-rate", "Raising β to " + Claim.num(r.high().beta()) + " spends fewer nats "
                + "on the latent: held-out KL ratio β×4 / β", r.high().kl() / m.kl(), 0.8));
        claims.add(Claim.atLeast("beta-blurs", "…and pays with worse reconstructions: reconstruction ratio β×4 / β",
                r.high().recon() / m.recon(), 1.05));
        claims.add(Claim.atLeast("low-beta-sharper", "Lowering β to " + Claim.num(r.low().beta()) + " buys sharper "
                + "reconstructions: reconstruction ratio β / (β/4)", m.recon() / r.low().recon(), 1.02));
        if (r.beta() == 1) {
            claims.add(Claim.atLeast("bound-best-at-one", "The true bound (β = 1) is best for the model trained at "
                    + "β = " + b + ": −ELBO ratio β×4 / β", r.high().negElbo() / m.negElbo(), 1.02));
            claims.add(Claim.atLeast("low-beta-looser", "…and β/4 loosens it too: −ELBO ratio β/4 / β",
                    r.low().negElbo() / m.negElbo(), 1.02));
        }
        return claims;
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        NDManager m = ctx.manager();
        ctx.liveChart("elbo", "ELBO terms per image, β = " + Claim.num(s.beta()), "step", "nats", true);
        ctx.liveChart("kl-beta", "KL term for each β", "step", "KL (nats)", true);
        SyntheticImages.Batch data = SyntheticImages.generate(TRAIN_IMAGES, SIZE, s.classes(), 0.1, s.seed());
        NDArray x = m.create(data.images(), new Shape(TRAIN_IMAGES, PIXELS)); // (N,P)
        SyntheticImages.Batch held = SyntheticImages.generate(HELD_OUT, SIZE, s.classes(), 0.1, s.seed() + 1);
        NDArray test = m.create(held.images(), new Shape(HELD_OUT, PIXELS)); // (M,P)

        double[] betas = {s.beta(), s.beta() * 4, s.beta() / 4};
        Trained[] fits = new Trained[3];
        Weights mainWeights = null;
        for (int k = 0; k < 3; k++) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            Weights w = model(s, m);
            fits[k] = train(s, ctx, w, x, test, betas[k], k);
            if (k == 0) {
                mainWeights = w;
            }
        }
        double[] mc = monteCarloKl(s, m, mainWeights, test);
        Integer[] order = new Integer[s.latent()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Trained main = fits[0];
        Arrays.sort(order, (p, q) -> Double.compare(main.klPerDim()[q], main.klPerDim()[p]));
        double[] change = new double[order.length];
        double[][] mosaic = traversals(m, mainWeights, order, change);
        return new Run(s.beta(), s.decoderStd(), meanImageNll(s, m, x, test), fits[0], fits[1], fits[2], mc[0], mc[1],
                MC_IMAGES, mosaic,
                Arrays.stream(order).mapToInt(Integer::intValue).toArray(), change);
    }

    @Override
    public Presentation present(Run r) {
        List<List<String>> rows = new ArrayList<>();
        for (Trained f : List.of(r.low(), r.main(), r.high())) {
            rows.add(List.of(Claim.num(f.beta()), Claim.num(f.recon()), Claim.num(f.kl()), Claim.num(f.negElbo()),
                    Integer.toString(f.active())));
        }
        List<List<String>> dims = new ArrayList<>();
        for (int j = 0; j < r.main().klPerDim().length; j++) {
            dims.add(List.of("z" + j, Claim.num(r.main().klPerDim()[j]), Claim.num(r.main().muVariance()[j])));
        }
        int latent = r.traversalOrder().length;
        List<String> rowNames = new ArrayList<>();
        for (int row = 0; row < latent; row++) {
            int j = r.traversalOrder()[row];
            for (int y = 0; y < SIZE; y++) {
                rowNames.add(y == SIZE / 2 ? "z" + j + " (KL " + Claim.num(r.main().klPerDim()[j]) + ")" : "");
            }
        }
        int cols = r.traversals()[0].length / SIZE;
        List<String> colNames = new ArrayList<>();
        for (int c = 0; c < cols * SIZE; c++) {
            colNames.add(c % SIZE == SIZE / 2 ? "z=" + Claim.num(-2.5 + 5.0 * (c / SIZE) / (cols - 1)) : "");
        }
        return Presentation.builder()
                .heatmap(new Heatmap("traversals", "Latent traversals (β = " + Claim.num(r.beta())
                        + "), one row per dimension, most informative first", "latent dimension", "value of that dimension",
                        r.traversals(), rowNames, colNames))
                .table(new Table("beta", "Held-out ELBO terms per image against β (same steps, same data)",
                        List.of("β", "reconstruction −log p(x|z)", "KL(q(z|x) ‖ p(z))", "−ELBO (β = 1)",
                                "active dims (Var_x E[z|x] > 0.01)"), rows))
                .table(new Table("dims", "Latent dimensions at β = " + Claim.num(r.beta()),
                        List.of("dimension", "KL (nats)", "Var over images of E[z|x]"), dims))
                .metric("−ELBO held-out, β = " + Claim.num(r.beta()), r.main().negElbo(), "nats")
                .metric("held-out cost of the mean image, no latent", r.meanImageNll(), "nats")
                .metric("−ELBO held-out before training", r.main().initialLoss(), "nats")
                .metric("KL held-out, β = " + Claim.num(r.beta()) + " (" + HELD_OUT + " images, per image)",
                        r.main().kl(), "nats")
                .metric("KL held-out, β = " + Claim.num(r.high().beta()) + " (" + HELD_OUT + " images, per image)",
                        r.high().kl(), "nats")
                .metric("KL closed form on the first " + r.mcImages() + " held-out images", r.klClosedSameImages(), "nats")
                .metric("KL Monte-Carlo estimate on the same images", r.klMonteCarlo(), "nats")
                .metric("pixel change along the first traversal row", r.traversalChange()[0], "")
                .metric("pixel change along the last traversal row", r.traversalChange()[latent - 1], "")
                .note("Reconstruction is −log N(x; x̂, σ_x²I) with σ_x = " + Claim.num(r.decoderStd()) + ", without its "
                        + "constant; the KL is per image, summed over dimensions. Every column of the β table is measured "
                        + "on the same " + HELD_OUT + " held-out images.")
                .build();
    }

    // --- the machinery -------------------------------------------------------------------------

    private static Weights model(Setup s, NDManager m) {
        Weights w = new Weights(m, s.lr());
        w.dense("enc", PIXELS, 128);
        w.dense("mu", 128, s.latent());
        w.dense("logvar", 128, s.latent());
        w.dense("dec", s.latent(), 128);
        w.dense("out", 128, PIXELS);
        return w;
    }

    private static Trained train(Setup s, DemoContext ctx, Weights w, NDArray x, NDArray test, double beta, int run) {
        NDManager m = ctx.manager();
        double[] start = heldOut(s, m, w, test);
        int batch = 128;
        long n = x.getShape().get(0);
        String series = "β = " + Claim.num(beta);
        double recon = 0;
        double kl = 0;
        for (int step = 1; step <= s.steps(); step++) {
            try (NDManager sm = m.newSubManager()) {
                NDArray xb = x.get(sm.randomInteger(0, n, new Shape(batch), DataType.INT64)); // (B,P)
                xb.attach(sm); // the step's activations follow it into the step's manager
                NDArray r;
                NDArray k;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList terms = terms(s, w, xb, sm, s.sumPixels());
                    r = terms.get(0);
                    k = terms.get(1);
                    gc.backward(r.add(k.mul(Scalars.of(beta))));
                }
                w.step();
                double rv = ctx.checkFinite("reconstruction (lr " + s.lr() + ", σ_x " + s.decoderStd() + ")", r.getFloat());
                double kv = ctx.checkFinite("KL (lr " + s.lr() + ")", k.getFloat());
                recon = step == 1 ? rv : 0.95 * recon + 0.05 * rv;
                kl = step == 1 ? kv : 0.95 * kl + 0.05 * kv;
            }
            if (step % 10 == 0 || step == 1) {
                if (run == 0) {
                    ctx.point("elbo", "reconstruction", step, recon);
                    ctx.point("elbo", "KL", step, kl);
                    ctx.point("elbo", "−ELBO", step, recon + kl);
                }
                ctx.point("kl-beta", series, step, kl);
                ctx.progress(run * s.steps() + step, 3 * s.steps(), "training at " + series);
            }
        }
        double[] end = heldOut(s, m, w, test);
        try (NDManager sm = m.newSubManager()) {
            NDArray t = test.duplicate();
            t.attach(sm);
            NDList enc = encode(w, t);
            NDArray mu = enc.get(0); // (M,Z)
            NDArray logvar = enc.get(1); // (M,Z)
            NDArray klDims = klTerms(mu, logvar).mean(new int[] {0}); // (Z)
            NDArray centred = mu.sub(mu.mean(new int[] {0}, true)); // (M,Z)
            return new Trained(beta, end[0], end[1], start[0] + start[1], Plots.toDouble(klDims.toFloatArray()),
                    Plots.toDouble(centred.square().mean(new int[] {0}).toFloatArray()));
        }
    }

    /** ½(μ² + σ² − log σ² − 1) per image and dimension, reading exp(logvar) as σ²: (B,Z). */
    private static NDArray klTerms(NDArray mu, NDArray logvar) {
        return mu.square().add(logvar.exp()).sub(logvar).sub(1).mul(Scalars.of(0.5));
    }

    /** The sampler's log σ: ½·log σ², or log σ² itself under the std-from-logvar break. */
    private static NDArray logStd(Setup s, NDArray logvar) {
        return s.halfLogVar() ? logvar.mul(Scalars.of(0.5)) : logvar;
    }

    /**
     * [mean reconstruction, mean KL] per image over a batch, with z = μ + σ·ε (the reparameterisation).
     * The reconstruction sums ‖x − x̂‖²/(2σ_x²) over pixels, or averages it when {@code sumPixels} is false.
     */
    private static NDList terms(Setup s, Weights w, NDArray x, NDManager sm, boolean sumPixels) {
        NDList enc = encode(w, x);
        NDArray mu = enc.get(0); // (B,Z)
        NDArray logvar = enc.get(1); // (B,Z)
        NDArray z = mu.add(logStd(s, logvar).exp().mul(sm.randomNormal(mu.getShape()))); // (B,Z)
        NDArray sq = decode(w, z).sub(x).square(); // (B,P)
        NDArray perImage = sumPixels ? sq.sum(new int[] {1}) : sq.mean(new int[] {1});
        NDArray recon = perImage.div(Scalars.of(2 * s.decoderStd() * s.decoderStd())).mean();
        NDArray kl = klTerms(mu, logvar).sum(new int[] {1}).mean();
        return new NDList(recon, kl);
    }

    private static NDList encode(Weights w, NDArray x) {
        NDArray h = w.apply("enc", x).maximum(Scalars.of(0)); // (B,128)
        return new NDList(w.apply("mu", h), w.apply("logvar", h).clip(-10, 10)); // (B,Z), (B,Z)
    }

    private static NDArray decode(Weights w, NDArray z) {
        return w.apply("out", w.apply("dec", z).maximum(Scalars.of(0))); // (B,P)
    }

    /** Σ_p (x − x̄)²/(2σ_x²) per held-out image, x̄ the mean training image: a decoder that ignores z. */
    private static double meanImageNll(Setup s, NDManager m, NDArray x, NDArray test) {
        try (NDManager sm = m.newSubManager()) {
            NDArray t = test.duplicate();
            t.attach(sm);
            NDArray mean = x.mean(new int[] {0}); // (P)
            mean.attach(sm);
            return t.sub(mean).square().sum(new int[] {1}).mean().getFloat() / (2 * s.decoderStd() * s.decoderStd());
        }
    }

    /** The true per-image terms (pixels summed) on the held-out images: [reconstruction, KL]. */
    private static double[] heldOut(Setup s, NDManager m, Weights w, NDArray test) {
        try (NDManager sm = m.newSubManager()) {
            NDArray t = test.duplicate();
            t.attach(sm);
            NDList terms = terms(s, w, t, sm, true);
            return new double[] {terms.get(0).getFloat(), terms.get(1).getFloat()};
        }
    }

    /**
     * E_q[log q(z|x) − log p(z)] from 256 samples of the sampler's own q per image, and the closed
     * form, both over the first 64 held-out images: [Monte-Carlo, closed form].
     */
    private static double[] monteCarloKl(Setup s, NDManager m, Weights w, NDArray test) {
        try (NDManager sm = m.newSubManager()) {
            NDArray t = test.get("0:" + MC_IMAGES);
            t.attach(sm);
            NDList enc = encode(w, t);
            NDArray mu = enc.get(0).expandDims(1); // (64,1,Z)
            NDArray logvar = enc.get(1).expandDims(1); // (64,1,Z)
            NDArray logStd = logStd(s, logvar);
            NDArray eps = sm.randomNormal(new Shape(MC_IMAGES, MC_SAMPLES, mu.getShape().get(2))); // (64,S,Z)
            NDArray z = mu.add(logStd.exp().mul(eps)); // (64,S,Z)
            NDArray logQ = eps.square().mul(Scalars.of(-0.5)).sub(logStd); // log q − const, per dim
            NDArray logP = z.square().mul(Scalars.of(-0.5)); // log p − the same const
            double mc = logQ.sub(logP).sum(new int[] {2}).mean().getFloat();
            double closed = klTerms(enc.get(0), enc.get(1)).sum(new int[] {1}).mean().getFloat();
            return new double[] {mc, closed};
        }
    }

    /** Decodes z = v·e_j for v in −2.5..2.5, one mosaic row per latent dimension in {@code order}. */
    private static double[][] traversals(NDManager m, Weights w, Integer[] order, double[] change) {
        int latent = order.length;
        int cols = 7;
        double[][] mosaic = new double[latent * SIZE][cols * SIZE];
        try (NDManager sm = m.newSubManager()) {
            for (int r = 0; r < latent; r++) {
                int j = order[r];
                float[] z = new float[cols * latent];
                for (int c = 0; c < cols; c++) {
                    z[c * latent + j] = (float) (-2.5 + 5.0 * c / (cols - 1));
                }
                NDArray img = decode(w, sm.create(z, new Shape(cols, latent))); // (7,P)
                float[] v = img.toFloatArray();
                change[r] = img.get(cols - 1).sub(img.get(0)).abs().mean().getFloat();
                for (int c = 0; c < cols; c++) {
                    for (int p = 0; p < PIXELS; p++) {
                        mosaic[r * SIZE + p / SIZE][c * SIZE + p % SIZE] = v[c * PIXELS + p];
                    }
                }
            }
        }
        return mosaic;
    }
}
