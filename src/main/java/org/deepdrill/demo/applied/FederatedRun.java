package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.LegacyContext;

import java.util.List;
import java.util.Random;

/**
 * One federated training run, simulated in one process: each client holds its own data and its own
 * copy of the model. Per round every client that does not drop out trains locally for its own number
 * of epochs (stragglers manage only part of it), and the server averages the returned models weighted
 * by sample count. FedProx adds μ/2·‖w − w_global‖² to each client's loss; FedAvg, as in the FedProx
 * paper's comparison, discards stragglers' partial work while FedProx keeps it.
 */
final class FederatedRun {
    /** What varies between runs. dpNoise > 0 turns on clipped, noised, unweighted DP-FedAvg. */
    record Config(String name, double mu, boolean keepStragglers, double dpNoise, double clip) {
    }

    /** The shared setting of all runs. */
    record Setting(float[][] x, int[] y, int classes, NDArray testX, int[] testY, int rounds, int hidden,
                   double lr, int batch, int[] epochs, double stragglerRate, double dropoutRate, long seed) {
    }

    /** Per-round global accuracy and client drift, plus the last round's updates for the secure-sum panel. */
    record Result(double[] accuracy, double[] drift, float[][] lastUpdates, int[] lastSizes) {
    }

    private FederatedRun() {
    }

    static Result run(LegacyContext ctx, Config cfg, Setting s, List<List<Integer>> clients, String accChart,
                      String driftChart, String series, int[] progress) {
        int d = s.x()[0].length;
        Engine.getInstance().setRandomSeed((int) s.seed());
        Random rnd = new Random(s.seed()); // same dropouts and stragglers for every algorithm
        NDManager root = ctx.manager().newSubManager();
        try {
            MlpWeights global = MlpWeights.init(root, d, s.hidden(), s.classes());
            double[] acc = new double[s.rounds()];
            double[] drift = new double[s.rounds()];
            float[][] lastUpdates = null;
            int[] lastSizes = null;
            ctx.point(accChart, series, 0, accuracy(global, s)); // the shared starting point
            for (int r = 0; r < s.rounds(); r++) {
                float[] g = global.flat();
                float[][] updates = new float[clients.size()][];
                int[] sizes = new int[clients.size()];
                double driftSum = 0;
                int trained = 0;
                int fullWork = 0;
                for (int k = 0; k < clients.size(); k++) {
                    boolean dropped = rnd.nextDouble() < s.dropoutRate();
                    boolean straggler = rnd.nextDouble() < s.stragglerRate();
                    double fraction = straggler ? 0.1 + 0.8 * rnd.nextDouble() : 1.0;
                    long clientSeed = rnd.nextLong();
                    if (dropped || clients.get(k).isEmpty() || (straggler && !cfg.keepStragglers())) {
                        continue;
                    }
                    float[] local = trainClient(ctx, cfg, s, global, clients.get(k), s.epochs()[k], fraction, clientSeed);
                    updates[k] = new float[g.length];
                    double sq = 0;
                    for (int i = 0; i < g.length; i++) {
                        updates[k][i] = local[i] - g[i];
                        sq += (double) updates[k][i] * updates[k][i];
                    }
                    sizes[k] = clients.get(k).size();
                    if (!straggler) { // drift over full-work clients only, the same set for every algorithm
                        driftSum += Math.sqrt(sq);
                        fullWork++;
                    }
                    trained++;
                }
                if (trained > 0) {
                    float[] next = aggregate(cfg, g, updates, sizes, rnd);
                    global.setFlat(next);
                    lastUpdates = updates;
                    lastSizes = sizes;
                }
                acc[r] = accuracy(global, s);
                drift[r] = fullWork > 0 ? driftSum / fullWork : Double.NaN;
                ctx.point(accChart, series, r + 1, acc[r]);
                if (driftChart != null && fullWork > 0) {
                    ctx.point(driftChart, series, r + 1, drift[r]);
                }
                progress[0]++;
                ctx.progress(progress[0], progress[1], series + ": round " + (r + 1));
            }
            return new Result(acc, drift, lastUpdates, lastSizes);
        } finally {
            root.close();
        }
    }

    /** Weighted FedAvg of the received updates, or clipped + Gaussian-noised mean when DP is on. */
    private static float[] aggregate(Config cfg, float[] g, float[][] updates, int[] sizes, Random rnd) {
        double[] sum = new double[g.length];
        double weight = 0;
        for (int k = 0; k < updates.length; k++) {
            if (updates[k] == null) {
                continue;
            }
            double w = sizes[k];
            if (cfg.dpNoise() > 0) {
                double norm = 0;
                for (float u : updates[k]) {
                    norm += (double) u * u;
                }
                w = Math.min(1, cfg.clip() / Math.max(Math.sqrt(norm), 1e-12)); // clip to norm C, equal weights
                weight += 1;
            } else {
                weight += w;
            }
            for (int i = 0; i < g.length; i++) {
                sum[i] += w * updates[k][i];
            }
        }
        float[] next = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            double noise = cfg.dpNoise() > 0 ? cfg.dpNoise() * cfg.clip() * rnd.nextGaussian() : 0;
            next[i] = (float) (g[i] + (sum[i] + noise) / weight);
        }
        return next;
    }

    /** Local SGD on one client's data; returns the client's final weights, flattened. */
    private static float[] trainClient(LegacyContext ctx, Config cfg, Setting s, MlpWeights global, List<Integer> idx,
                                       int epochs, double fraction, long seed) {
        Random rnd = new Random(seed);
        int n = idx.size();
        int d = s.x()[0].length;
        int k = s.classes();
        try (NDManager cm = ctx.manager().newSubManager()) {
            float[] xs = new float[n * d];
            float[] ys = new float[n * k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(s.x()[idx.get(i)], 0, xs, i * d, d);
                ys[i * k + s.y()[idx.get(i)]] = 1f;
            }
            NDArray x = cm.create(xs, new Shape(n, d)); // (n,d)
            NDArray y = cm.create(ys, new Shape(n, k)); // (n,C)
            MlpWeights anchor = global.copy(cm); // w_global, held fixed
            MlpWeights w = global.copy(cm);
            w.params.forEach(p -> p.setRequiresGradient(true));
            int batch = Math.min(s.batch(), n);
            int steps = Math.max(1, (int) Math.round(fraction * epochs * Math.ceil((double) n / batch)));
            for (int step = 0; step < steps; step++) {
                try (NDManager sm = cm.newSubManager()) {
                    int[] pick = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        pick[i] = rnd.nextInt(n);
                    }
                    NDArray sel = sm.create(pick);
                    NDArray xb = x.get(new NDIndex("{}", sel)); // (b,d)
                    NDArray yb = y.get(new NDIndex("{}", sel)); // (b,C)
                    xb.attach(sm);
                    yb.attach(sm);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = w.logits(xb).logSoftmax(1).mul(yb).sum(new int[] {1}).mean().neg();
                        if (cfg.mu() > 0) {
                            NDArray prox = sm.zeros(new Shape());
                            for (int i = 0; i < w.params.size(); i++) {
                                prox = prox.add(w.params.get(i).sub(anchor.params.get(i)).square().sum());
                            }
                            loss = loss.add(prox.mul(org.deepdrill.demo.lib.train.Scalars.of((float) (cfg.mu() / 2)))); // μ/2·‖w − w_global‖²
                        }
                        gc.backward(loss);
                    }
                    for (NDArray p : w.params) {
                        NDArray grad = p.getGradient();
                        p.subi(grad.mul(org.deepdrill.demo.lib.train.Scalars.of((float) s.lr())));
                        grad.subi(grad); // gradients accumulate otherwise
                    }
                }
            }
            return w.flat();
        }
    }

    private static double accuracy(MlpWeights w, Setting s) {
        try (NDManager m = s.testX().getManager().newSubManager()) {
            NDArray logits = w.logits(s.testX()); // (T,C)
            logits.attach(m);
            int[] pred = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
            int right = 0;
            for (int i = 0; i < pred.length; i++) {
                right += pred[i] == s.testY()[i] ? 1 : 0;
            }
            return (double) right / pred.length;
        }
    }
}
