package org.deepdrill.demo.multimodal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Q27: a VAE on small synthetic pattern images. Streams the two ELBO terms while training, checks the
 * closed-form KL against a Monte-Carlo estimate, decodes traversals of each latent dimension, and
 * retrains at several β to show the rate–distortion trade-off and collapsed dimensions.
 */
public final class VaeDemo extends LegacyDemo {
    public static final String ID = "vae-latent";
    private static final int SIZE = 12;
    private static final int PIXELS = SIZE * SIZE;

    private static final DemoSpec SPEC = new DemoSpec(ID, "VAE: ELBO terms, latent traversals and β",
            "A VAE with a Gaussian decoder on 12×12 pattern images: reconstruction and KL terms live, "
                    + "decoded traversals of every latent dimension, and the trade-off as β changes.",
            List.of("q27-vae"),
            List.of(ParamSpec.ofDouble("beta", "β (main run)", 0.01, 20, 1, 1, "weight of the KL term"),
                    ParamSpec.ofDouble("decoderStd", "Decoder std σ_x", 0.05, 2, 0.5, 0.5,
                            "reconstruction = ‖x − x̂‖²/(2σ_x²): a larger σ_x makes the KL relatively dearer"),
                    ParamSpec.ofInt("latent", "Latent dimensions", 2, 16, 8, 8, ""),
                    ParamSpec.ofInt("steps", "Training steps per β", 50, 10000, 1500, 500, ""),
                    ParamSpec.ofInt("classes", "Pattern classes in the data", 2, 8, 6, 6, ""),
                    ParamSpec.ofBool("compareBeta", "Also train at β×4 and β/4", true, true,
                            "quick mode trains only β×4 besides the main β"),
                    ParamSpec.ofDouble("lr", "Learning rate (Adam)", 1e-5, 1e-1, 2e-3, 3e-3, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 5, 5, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        double beta = ctx.params().getDouble("beta");
        int steps = ctx.params().getInt("steps");
        int seed = ctx.params().getInt("seed");
        NDManager m = ctx.manager();
        ctx.liveChart("elbo", "ELBO terms per image, β = " + Claim.num(beta), "step", "nats", true);
        ctx.liveChart("kl-beta", "KL term for each β", "step", "KL (nats)", true);
        int n = 2048;
        SyntheticImages.Batch data = SyntheticImages.generate(n, SIZE, ctx.params().getInt("classes"), 0.1, seed);
        NDArray x = m.create(data.images(), new Shape(n, PIXELS)); // (N,P)
        SyntheticImages.Batch held = SyntheticImages.generate(512, SIZE, ctx.params().getInt("classes"), 0.1, seed + 1);
        NDArray test = m.create(held.images(), new Shape(512, PIXELS)); // (M,P)

        List<Double> betas = new ArrayList<>(List.of(beta));
        if (ctx.params().getBool("compareBeta")) {
            betas.add(beta * 4);
            if (!ctx.quick()) {
                betas.add(beta / 4);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        Fitted main = null;
        Fitted high = null;
        Fitted low = null;
        for (int k = 0; k < betas.size(); k++) {
            Engine.getInstance().setRandomSeed(seed);
            Fitted f = train(ctx, m, x, test, betas.get(k), steps, k, betas.size(), k == 0);
            rows.add(List.of(Claim.num(f.beta), Claim.num(f.recon), Claim.num(f.kl), Claim.num(f.recon + f.kl),
                    Integer.toString(f.active())));
            if (k == 0) {
                main = f;
            } else if (f.beta > beta) {
                high = f;
            } else {
                low = f;
            }
        }
        ctx.table(new Table("beta", "Held-out ELBO terms per image against β (same steps, same data)",
                List.of("β", "reconstruction −log p(x|z)", "KL(q(z|x) ‖ p(z))", "−ELBO (β = 1)", "active dims (Var_x E[z|x] > 0.01)"),
                rows));
        traversals(ctx, m, main);
        List<List<String>> dims = new ArrayList<>();
        for (int j = 0; j < main.klPerDim.length; j++) {
            dims.add(List.of("z" + j, Claim.num(main.klPerDim[j]), Claim.num(main.muVariance[j])));
        }
        ctx.table(new Table("dims", "Latent dimensions at β = " + Claim.num(beta),
                List.of("dimension", "KL (nats)", "Var over images of E[z|x]"), dims));
        double mc = monteCarloKl(m, main, test);
        ctx.metric("KL closed form (held-out, per image)", main.kl, "nats");
        ctx.metric("KL Monte-Carlo estimate", mc, "nats");
        ctx.claim(Claim.near("The closed-form KL matches a Monte-Carlo estimate E_q[log q − log p]: ratio",
                mc / main.kl, 1.0, 0.05));
        ctx.claim(Claim.atMost("Training improves the held-out −ELBO: final / initial",
                (main.recon + main.kl) / main.initialLoss, 0.6));
        if (high != null) {
            ctx.claim(Claim.atMost("Raising β to " + Claim.num(high.beta) + " spends fewer nats on the latent: KL ratio",
                    high.kl / main.kl, 0.8));
            ctx.claim(Claim.atLeast("…and pays with worse reconstructions: reconstruction ratio", high.recon / main.recon, 1.05));
            ctx.claim(Claim.atLeast("The true bound (β = 1) is best for the model trained at β = 1: "
                    + "−ELBO ratio β×4 / β×1", (high.recon + high.kl) / (main.recon + main.kl), 1.02));
        }
        if (low != null) {
            ctx.claim(Claim.atLeast("Lowering β to " + Claim.num(low.beta) + " buys sharper reconstructions: "
                    + "reconstruction ratio β/4 vs β", main.recon / low.recon, 1.02));
            ctx.claim(Claim.atLeast("…but also loosens the true bound: −ELBO ratio β/4 / β×1",
                    (low.recon + low.kl) / (main.recon + main.kl), 1.02));
        }
        ctx.note("Reconstruction is −log N(x; x̂, σ_x²I) with σ_x = " + ctx.params().getDouble("decoderStd") + ", without its constant; the KL is per image, summed over dims.");
    }

    /** A trained VAE and its held-out terms. */
    private static final class Fitted {
        Weights w;
        double beta;
        double recon;
        double kl;
        double initialLoss;
        double[] klPerDim;
        double[] muVariance;

        int active() {
            int a = 0;
            for (double v : muVariance) {
                a += v > 0.01 ? 1 : 0;
            }
            return a;
        }
    }

    private Fitted train(LegacyContext ctx, NDManager m, NDArray x, NDArray test, double beta, int steps, int run,
                         int runs, boolean live) {
        int latent = ctx.params().getInt("latent");
        double sigmaX = ctx.params().getDouble("decoderStd");
        Fitted f = new Fitted();
        f.beta = beta;
        f.w = new Weights(m, ctx.params().getDouble("lr"));
        Weights w = f.w;
        w.dense("enc", PIXELS, 128);
        w.dense("mu", 128, latent);
        w.dense("logvar", 128, latent);
        w.dense("dec", latent, 128);
        w.dense("out", 128, PIXELS);
        f.initialLoss = heldOut(m, w, test, sigmaX)[0] + heldOut(m, w, test, sigmaX)[1];
        int batch = 128;
        long n = x.getShape().get(0);
        String series = "β = " + Claim.num(beta);
        double recon = 0;
        double kl = 0;
        for (int step = 1; step <= steps; step++) {
            try (NDManager s = m.newSubManager()) {
                NDArray xb = x.get(s.randomInteger(0, n, new Shape(batch), ai.djl.ndarray.types.DataType.INT64)); // (B,P)
                xb.attach(s); // the step's activations follow it into the step's manager
                NDArray r;
                NDArray k;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList terms = terms(w, xb, s, sigmaX);
                    r = terms.get(0);
                    k = terms.get(1);
                    gc.backward(r.add(k.mul(org.deepdrill.demo.lib.train.Scalars.of(beta))));
                }
                w.step();
                double rv = ctx.checkFinite("reconstruction", r.getFloat());
                double kv = ctx.checkFinite("KL", k.getFloat());
                recon = step == 1 ? rv : 0.95 * recon + 0.05 * rv;
                kl = step == 1 ? kv : 0.95 * kl + 0.05 * kv;
            }
            if (step % 10 == 0 || step == 1) {
                if (live) {
                    ctx.point("elbo", "reconstruction", step, recon);
                    ctx.point("elbo", "KL", step, kl);
                    ctx.point("elbo", "−ELBO", step, recon + kl);
                }
                ctx.point("kl-beta", series, step, kl);
                ctx.progress(run * steps + step, runs * steps, "training at " + series);
            }
        }
        double[] h = heldOut(m, w, test, sigmaX);
        f.recon = h[0];
        f.kl = h[1];
        try (NDManager s = m.newSubManager()) {
            NDList enc = encode(w, test);
            NDArray mu = enc.get(0);
            NDArray logvar = enc.get(1);
            NDArray klDims = mu.square().add(logvar.exp()).sub(logvar).sub(1).mul(org.deepdrill.demo.lib.train.Scalars.of(0.5)).mean(new int[] {0}); // (Z)
            f.klPerDim = Plots.toDouble(klDims.toFloatArray());
            NDArray centred = mu.sub(mu.mean(new int[] {0}, true)); // (M,Z)
            f.muVariance = Plots.toDouble(centred.square().mean(new int[] {0}).toFloatArray());
            mu.attach(s);
            logvar.attach(s);
        }
        return f;
    }

    /** [mean reconstruction nats, mean KL nats] per image over a batch, with z = μ + σ·ε (the reparameterisation). */
    private static NDList terms(Weights w, NDArray x, NDManager s, double sigmaX) {
        NDList enc = encode(w, x);
        NDArray mu = enc.get(0); // (B,Z)
        NDArray logvar = enc.get(1); // (B,Z)
        NDArray eps = s.randomNormal(mu.getShape());
        NDArray z = mu.add(logvar.mul(0.5).exp().mul(eps)); // (B,Z)
        NDArray xhat = decode(w, z); // (B,P)
        NDArray recon = xhat.sub(x).square().sum(new int[] {1}).div(org.deepdrill.demo.lib.train.Scalars.of(2 * sigmaX * sigmaX)).mean();
        NDArray kl = mu.square().add(logvar.exp()).sub(logvar).sub(1).sum(new int[] {1}).mul(org.deepdrill.demo.lib.train.Scalars.of(0.5)).mean();
        return new NDList(recon, kl);
    }

    private static NDList encode(Weights w, NDArray x) {
        NDArray h = w.apply("enc", x).maximum(org.deepdrill.demo.lib.train.Scalars.of(0)); // (B,128)
        return new NDList(w.apply("mu", h), w.apply("logvar", h).clip(-10, 10)); // (B,Z), (B,Z)
    }

    private static NDArray decode(Weights w, NDArray z) {
        return w.apply("out", w.apply("dec", z).maximum(org.deepdrill.demo.lib.train.Scalars.of(0))); // (B,P)
    }

    private static double[] heldOut(NDManager m, Weights w, NDArray test, double sigmaX) {
        try (NDManager s = m.newSubManager()) {
            NDList t = terms(w, test, s, sigmaX);
            return new double[] {t.get(0).getFloat(), t.get(1).getFloat()};
        }
    }

    /** E_q[log q(z|x) − log p(z)] from 256 samples per image, for 64 held-out images. */
    private static double monteCarloKl(NDManager m, Fitted f, NDArray test) {
        try (NDManager s = m.newSubManager()) {
            NDList enc = encode(f.w, test.get("0:64"));
            NDArray mu = enc.get(0).expandDims(1); // (64,1,Z)
            NDArray logvar = enc.get(1).expandDims(1); // (64,1,Z)
            NDArray eps = s.randomNormal(new Shape(64, 256, mu.getShape().get(2))); // (64,S,Z)
            NDArray z = mu.add(logvar.mul(0.5).exp().mul(eps)); // (64,S,Z)
            NDArray logQ = eps.square().add(logvar).mul(org.deepdrill.demo.lib.train.Scalars.of(-0.5)); // log q − const, per dim
            NDArray logP = z.square().mul(org.deepdrill.demo.lib.train.Scalars.of(-0.5)); // log p − the same const
            double mc = logQ.sub(logP).sum(new int[] {2}).mean().getFloat();
            NDArray closed = mu.square().add(logvar.exp()).sub(logvar).sub(1).sum(new int[] {2}).mul(org.deepdrill.demo.lib.train.Scalars.of(0.5)).mean();
            f.kl = closed.getFloat(); // compare on the same 64 images
            return mc;
        }
    }

    /** Decodes z = v·e_j for v in −2.5..2.5, for every latent dimension j ordered by its KL. */
    private static void traversals(LegacyContext ctx, NDManager m, Fitted f) {
        int latent = f.klPerDim.length;
        Integer[] order = new Integer[latent];
        for (int j = 0; j < latent; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(f.klPerDim[b], f.klPerDim[a]));
        int cols = 7;
        double[][] mosaic = new double[latent * SIZE][cols * SIZE];
        double[] change = new double[latent];
        List<String> rowNames = new ArrayList<>();
        try (NDManager s = m.newSubManager()) {
            for (int r = 0; r < latent; r++) {
                int j = order[r];
                float[] z = new float[cols * latent];
                for (int c = 0; c < cols; c++) {
                    z[c * latent + j] = (float) (-2.5 + 5.0 * c / (cols - 1));
                }
                NDArray img = decode(f.w, s.create(z, new Shape(cols, latent))); // (7,P)
                float[] v = img.toFloatArray();
                change[r] = img.get(cols - 1).sub(img.get(0)).abs().mean().getFloat();
                for (int c = 0; c < cols; c++) {
                    for (int p = 0; p < PIXELS; p++) {
                        mosaic[r * SIZE + p / SIZE][c * SIZE + p % SIZE] = v[c * PIXELS + p];
                    }
                }
                for (int y = 0; y < SIZE; y++) {
                    rowNames.add(y == SIZE / 2 ? "z" + j + " (KL " + Claim.num(f.klPerDim[j]) + ")" : "");
                }
            }
        }
        List<String> colNames = new ArrayList<>();
        for (int c = 0; c < cols * SIZE; c++) {
            colNames.add(c % SIZE == SIZE / 2 ? "z=" + Claim.num(-2.5 + 5.0 * (c / SIZE) / (cols - 1)) : "");
        }
        ctx.heatmap(new Heatmap("traversals", "Latent traversals (β = " + Claim.num(f.beta)
                + "), one row per dimension, most informative first", "latent dimension", "value of that dimension",
                mosaic, rowNames, colNames));
        ctx.metric("pixel change along the first traversal row", change[0], "");
        ctx.metric("pixel change along the last traversal row", change[latent - 1], "");
    }
}
