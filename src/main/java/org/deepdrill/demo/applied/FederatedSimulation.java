package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoFailedException;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.List;
import java.util.Random;

/**
 * Federated training simulated in one process, every client of every algorithm and repeat at once:
 * each client holds its own copy of a one-hidden-layer MLP (d → h → C) as one slice of batched
 * weight tensors (clients, …), trains it with local SGD on its own samples, and the server of each
 * (algorithm, repeat) group averages the returned updates weighted by sample count.
 *
 * <p>Per round and repeat one draw of devices serves every algorithm: who drops out, who is a
 * straggler and how much of its work it manages. A straggler's partial work is kept (FedProx) or
 * discarded (FedAvg, as in the FedProx paper's comparison). In the last round every client with
 * data computes its update, so that the secure-sum check has all of them; clients that dropped out
 * or whose work is discarded are still left out of the average.
 */
final class FederatedSimulation {
    /**
     * One algorithm: which split it runs on (0 = α low, 1 = α high), the proximal μ in each client's
     * loss, whether stragglers' partial work is kept, DP noise multiplier and clipping norm (noise 0 =
     * plain weighted FedAvg), and a μ the server applies after averaging (the wrong FedProx).
     */
    record Algorithm(String name, int split, double mu, boolean keepStragglers, double dpNoise, double clip,
                     double serverMu) {
    }

    /** What every algorithm shares. {@code x}/{@code y}: all training samples; clients hold indices into them. */
    record World(float[][] x, int[] y, int classes, float[][] testX, int[] testY, int clients, int rounds, int hidden,
                 double lr, int batch, int[][] epochs, double stragglerRate, double dropoutRate, int repeats, long seed) {
    }

    /**
     * accuracy[a][r][t]: global test accuracy of algorithm a, repeat r, after round t (t = 0: start).
     * drift[a][r][t]: mean ‖w_k − w_global‖ over the clients that did their full work in round t (NaN if none).
     * lastUpdates[k]: client k's final-round update for algorithm {@code panelAlgorithm}, repeat 0 (null if it
     * has no data), with {@code lastSizes} its sample count.
     */
    record Outcome(double[][][] accuracy, double[][][] drift, float[][] lastUpdates, int[] lastSizes) {
    }

    private FederatedSimulation() {
    }

    /**
     * Runs every algorithm for every repeat. splits.get(s).get(r).get(k): the sample indices of client k
     * in repeat r of split s. Plots the mean accuracy over repeats per algorithm on {@code accChart}, and
     * the mean drift of the split-0 algorithms on {@code driftChart}.
     */
    static Outcome run(DemoContext ctx, World w, List<Algorithm> algs, List<List<List<List<Integer>>>> splits,
                       int panelAlgorithm, String accChart, String driftChart) {
        int nAlg = algs.size();
        int reps = w.repeats();
        int groups = nAlg * reps;
        int k = w.clients();
        int slots = groups * k;
        int d = w.x()[0].length;
        int h = w.hidden();
        int c = w.classes();
        int b = w.batch();
        Random batchRnd = new Random(w.seed() + 31);
        Random[] deviceRnd = new Random[reps];
        Random[] noiseRnd = new Random[reps];
        for (int r = 0; r < reps; r++) {
            deviceRnd[r] = new Random(w.seed() + 101L * r);
            noiseRnd[r] = new Random(w.seed() + 7919L * r + 3);
        }
        int[][] clientData = new int[slots][];
        for (int a = 0; a < nAlg; a++) {
            for (int r = 0; r < reps; r++) {
                for (int j = 0; j < k; j++) {
                    clientData[(a * reps + r) * k + j] = splits.get(algs.get(a).split()).get(r).get(j).stream()
                            .mapToInt(Integer::intValue).toArray();
                }
            }
        }
        double[][][] acc = new double[nAlg][reps][w.rounds() + 1];
        double[][][] drift = new double[nAlg][reps][w.rounds()];
        float[][] lastUpdates = new float[k][];
        int[] lastSizes = new int[k];
        try (NDManager root = ctx.manager().newSubManager()) {
            NDArray xAll = root.create(flatten(w.x()), new Shape(w.x().length, d)); // (N,d)
            NDArray yAll = root.create(oneHot(w.y(), c), new Shape(w.y().length, c)); // (N,C)
            NDArray testX = root.create(flatten(w.testX()), new Shape(w.testX().length, d)); // (T,d)
            NDList global = initialWeights(root, w, nAlg); // per group: (G,d,h), (G,1,h), (G,h,C), (G,1,C)
            float[] muHalf = new float[slots];
            for (int i = 0; i < slots; i++) {
                muHalf[i] = (float) (algs.get(i / (reps * k)).mu() / 2);
            }
            NDArray muHalfArr = root.create(muHalf); // (GK)
            recordAccuracy(ctx, accuracy(global, testX, w.testY()), acc, 0, algs, accChart);
            int totalWork = w.rounds();
            for (int t = 0; t < w.rounds(); t++) {
                boolean last = t == w.rounds() - 1;
                int[] steps = new int[slots];
                boolean[] sends = new boolean[slots];
                boolean[] fullWork = new boolean[slots];
                for (int r = 0; r < reps; r++) {
                    for (int j = 0; j < k; j++) {
                        boolean dropped = deviceRnd[r].nextDouble() < w.dropoutRate();
                        boolean straggler = deviceRnd[r].nextDouble() < w.stragglerRate();
                        double fraction = straggler ? 0.1 + 0.8 * deviceRnd[r].nextDouble() : 1.0;
                        for (int a = 0; a < nAlg; a++) {
                            int i = (a * reps + r) * k + j;
                            int n = clientData[i].length;
                            boolean counted = !straggler || algs.get(a).keepStragglers();
                            sends[i] = n > 0 && !dropped && counted;
                            fullWork[i] = sends[i] && !straggler;
                            boolean computes = sends[i] || (last && n > 0);
                            steps[i] = computes ? Math.max(1, (int) Math.round(fraction * w.epochs()[r][j]
                                    * Math.ceil((double) n / b))) : 0;
                        }
                    }
                }
                try (NDManager m = root.newSubManager()) {
                    m.tempAttachAll(global.toArray(new NDArray[0]));
                    m.tempAttachAll(xAll, yAll, muHalfArr);
                    NDList local = localTraining(m, w, global, steps, clientData, xAll, yAll, muHalfArr, k, batchRnd);
                    NDArray update = flatDelta(local, global, k); // (GK,P)
                    float[] sq = update.square().sum(new int[] {1}).toFloatArray(); // (GK)
                    aggregate(m, w, algs, global, update, sq, sends, clientData, noiseRnd, k);
                    checkFinite(global, algs, reps, t, w.lr());
                    for (int a = 0; a < nAlg; a++) {
                        for (int r = 0; r < reps; r++) {
                            drift[a][r][t] = meanNorm(sq, fullWork, (a * reps + r) * k, k);
                        }
                    }
                    if (last) {
                        float[] all = update.toFloatArray();
                        int p = (int) update.getShape().get(1);
                        for (int j = 0; j < k; j++) {
                            int i = panelAlgorithm * reps * k + j;
                            if (steps[i] > 0) {
                                lastUpdates[j] = new float[p];
                                System.arraycopy(all, i * p, lastUpdates[j], 0, p);
                                lastSizes[j] = clientData[i].length;
                            }
                        }
                    }
                }
                recordAccuracy(ctx, accuracy(global, testX, w.testY()), acc, t + 1, algs, accChart);
                plotDrift(ctx, drift, t, algs, driftChart);
                ctx.progress(t + 1, totalWork + 1, "round " + (t + 1) + " of " + w.rounds());
            }
        }
        return new Outcome(acc, drift, lastUpdates, lastSizes);
    }

    /** Every client starts from its group's global model and runs its own number of SGD steps. */
    private static NDList localTraining(NDManager m, World w, NDList global, int[] steps, int[][] clientData,
                                        NDArray xAll, NDArray yAll, NDArray muHalf, int k, Random rnd) {
        int slots = steps.length;
        int b = w.batch();
        int d = w.x()[0].length;
        NDList anchor = new NDList();
        NDList params = new NDList();
        for (NDArray g : global) {
            NDArray perClient = g.expandDims(1).repeat(1, k); // (G,K,…)
            Shape s = perClient.getShape();
            long[] dims = new long[s.dimension() - 1];
            dims[0] = slots;
            for (int i = 2; i < s.dimension(); i++) {
                dims[i - 1] = s.get(i);
            }
            NDArray a = perClient.reshape(new Shape(dims)); // (GK,…)
            anchor.add(a);
            NDArray p = a.duplicate();
            p.setRequiresGradient(true);
            params.add(p);
        }
        int maxSteps = 0;
        for (int s : steps) {
            maxSteps = Math.max(maxSteps, s);
        }
        NDArray lr = Scalars.of(w.lr());
        for (int step = 0; step < maxSteps; step++) {
            try (NDManager sm = m.newSubManager()) {
                sm.tempAttachAll(params.toArray(new NDArray[0]));
                sm.tempAttachAll(anchor.toArray(new NDArray[0]));
                sm.tempAttachAll(xAll, yAll, muHalf);
                int[] idx = new int[slots * b];
                float[] active = new float[slots];
                for (int i = 0; i < slots; i++) {
                    int[] mine = clientData[i];
                    active[i] = step < steps[i] ? 1f : 0f;
                    for (int j = 0; j < b; j++) {
                        int u = rnd.nextInt(Integer.MAX_VALUE);
                        idx[i * b + j] = mine.length == 0 ? 0 : mine[u % mine.length];
                    }
                }
                NDArray pick = sm.create(idx);
                NDArray xb = xAll.get(new NDIndex("{}", pick)).reshape(slots, b, d); // (GK,b,d)
                NDArray yb = yAll.get(new NDIndex("{}", pick)).reshape(slots, b, -1); // (GK,b,C)
                NDArray on = sm.create(active); // (GK)
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = logits(params, xb); // (GK,b,C)
                    NDArray ce = logits.logSoftmax(2).mul(yb).sum(new int[] {1, 2}).div(Scalars.of(b)).neg(); // (GK)
                    NDArray prox = null;
                    for (int i = 0; i < params.size(); i++) {
                        NDArray sq = params.get(i).sub(anchor.get(i)).square().reshape(slots, -1).sum(new int[] {1});
                        prox = prox == null ? sq : prox.add(sq); // (GK) ‖w − w_global‖²
                    }
                    NDArray loss = ce.add(prox.mul(muHalf)).mul(on).sum();
                    gc.backward(loss);
                }
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    p.subi(g.mul(lr)); // plain SGD; inactive clients have zero gradient
                    JniUtils.zeroGrad((PtNDArray) p);
                }
            }
        }
        return params;
    }

    /** Each client's update w_k − w_global, flattened over all parameters: (GK,P). */
    private static NDArray flatDelta(NDList local, NDList global, int k) {
        NDList parts = new NDList();
        for (int i = 0; i < local.size(); i++) {
            NDArray g = global.get(i).expandDims(1).repeat(1, k);
            NDArray l = local.get(i);
            parts.add(l.sub(g.reshape(l.getShape())).reshape(l.getShape().get(0), -1));
        }
        return NDArrays.concat(parts, 1);
    }

    /**
     * The servers' step. FedAvg: w ← w + Σ n_k·Δ_k / Σ n_k over the clients that send. DP: each Δ_k is
     * clipped to norm C, the clients weigh equally, and N(0, (z·C)²) is added to the sum per coordinate.
     * A server μ (the wrong FedProx) then subtracts μ/2·Σ (n_k/n)·‖Δ_k‖² from every coordinate.
     */
    private static void aggregate(NDManager m, World w, List<Algorithm> algs, NDList global, NDArray update, float[] sq,
                                  boolean[] sends, int[][] clientData, Random[] noiseRnd, int k) {
        int reps = w.repeats();
        int slots = sends.length;
        int groups = slots / k;
        int p = (int) update.getShape().get(1);
        float[] factor = new float[slots];
        float[] noise = new float[groups * p];
        float[] shift = new float[groups];
        for (int g = 0; g < groups; g++) {
            Algorithm alg = algs.get(g / reps);
            double total = 0;
            for (int j = 0; j < k; j++) {
                int i = g * k + j;
                if (sends[i]) {
                    total += alg.dpNoise() > 0 ? 1 : clientData[i].length;
                }
            }
            if (total == 0) {
                continue;
            }
            double proxValue = 0;
            for (int j = 0; j < k; j++) {
                int i = g * k + j;
                if (!sends[i]) {
                    continue;
                }
                if (alg.dpNoise() > 0) {
                    factor[i] = (float) (Math.min(1, alg.clip() / Math.max(Math.sqrt(sq[i]), 1e-12)) / total);
                } else {
                    factor[i] = (float) (clientData[i].length / total);
                }
                proxValue += factor[i] * sq[i];
            }
            if (alg.dpNoise() > 0) {
                Random nr = noiseRnd[g % reps];
                for (int q = 0; q < p; q++) {
                    noise[g * p + q] = (float) (alg.dpNoise() * alg.clip() * nr.nextGaussian() / total);
                }
            }
            shift[g] = (float) (alg.serverMu() / 2 * proxValue);
        }
        NDArray mean = update.mul(m.create(factor).reshape(slots, 1)).reshape(groups, k, p).sum(new int[] {1}) // (G,P)
                .add(m.create(noise, new Shape(groups, p))).sub(m.create(shift).reshape(groups, 1));
        int at = 0;
        for (NDArray g : global) {
            int size = (int) (g.size() / groups);
            NDArray part = mean.get(new NDIndex(":, {}:{}", at, at + size)).reshape(g.getShape());
            g.addi(part);
            at += size;
        }
    }

    /**
     * Fails the run when an algorithm's global model turned NaN or infinite. The wrong, server-side
     * FedProx is exempt: its divergence is what its break shows, through the claims.
     */
    private static void checkFinite(NDList global, List<Algorithm> algs, int reps, int round, double lr) {
        int groups = (int) global.get(0).getShape().get(0);
        double[] size = new double[groups];
        for (NDArray g : global) {
            float[] v = g.abs().reshape(groups, -1).sum(new int[] {1}).toFloatArray(); // (G), freed with the round
            for (int i = 0; i < groups; i++) {
                size[i] += v[i];
            }
        }
        for (int i = 0; i < groups; i++) {
            Algorithm alg = algs.get(i / reps);
            if (alg.serverMu() == 0 && !Double.isFinite(size[i])) {
                throw new DemoFailedException(alg.name() + ": the global model became NaN or infinite in round "
                        + (round + 1) + ". Local SGD diverged: try a smaller local learning rate 'lr' (now " + lr + ").");
            }
        }
    }

    /** Logits (GK,b,C) of every client's MLP on its own batch x (GK,b,d). */
    private static NDArray logits(NDList p, NDArray x) {
        NDArray hidden = x.matMul(p.get(0)).add(p.get(1)).maximum(Scalars.of(0)); // (GK,b,h)
        return hidden.matMul(p.get(2)).add(p.get(3)); // (GK,b,C)
    }

    /** Test accuracy of every group's global model: (G). */
    private static float[] accuracy(NDList global, NDArray testX, int[] testY) {
        try (NDManager m = testX.getManager().newSubManager()) {
            m.tempAttachAll(global.toArray(new NDArray[0]));
            m.tempAttachAll(testX);
            NDArray x = testX.expandDims(0); // (1,T,d)
            NDArray hidden = x.matMul(global.get(0)).add(global.get(1)).maximum(Scalars.of(0)); // (G,T,h)
            NDArray logits = hidden.matMul(global.get(2)).add(global.get(3)); // (G,T,C)
            NDArray truth = m.create(testY).toType(DataType.INT64, false); // (T)
            NDArray right = logits.argMax(2).eq(truth.expandDims(0)); // (G,T)
            return right.toType(DataType.FLOAT32, false).mean(new int[] {1}).toFloatArray();
        }
    }

    private static NDList initialWeights(NDManager m, World w, int algorithms) {
        int d = w.x()[0].length;
        int h = w.hidden();
        int c = w.classes();
        int reps = w.repeats();
        int groups = algorithms * reps;
        float[] w1 = new float[groups * d * h];
        float[] w2 = new float[groups * h * c];
        for (int r = 0; r < reps; r++) {
            Random init = new Random(w.seed() + 17L * r + 5); // one start per repeat, shared by every algorithm
            float[] a = new float[d * h];
            float[] bb = new float[h * c];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (init.nextGaussian() * Math.sqrt(2.0 / d));
            }
            for (int i = 0; i < bb.length; i++) {
                bb[i] = (float) (init.nextGaussian() * Math.sqrt(1.0 / h));
            }
            for (int alg = 0; alg < algorithms; alg++) {
                int g = alg * reps + r;
                System.arraycopy(a, 0, w1, g * a.length, a.length);
                System.arraycopy(bb, 0, w2, g * bb.length, bb.length);
            }
        }
        return new NDList(m.create(w1, new Shape(groups, d, h)), m.zeros(new Shape(groups, 1, h)),
                m.create(w2, new Shape(groups, h, c)), m.zeros(new Shape(groups, 1, c)));
    }

    private static void recordAccuracy(DemoContext ctx, float[] groupAcc, double[][][] acc, int t, List<Algorithm> algs,
                               String chart) {
        int reps = acc[0].length;
        for (int a = 0; a < algs.size(); a++) {
            double mean = 0;
            for (int r = 0; r < reps; r++) {
                acc[a][r][t] = groupAcc[a * reps + r];
                mean += acc[a][r][t] / reps;
            }
            ctx.point(chart, algs.get(a).name(), t, mean);
        }
    }

    private static void plotDrift(DemoContext ctx, double[][][] drift, int t, List<Algorithm> algs, String chart) {
        for (int a = 0; a < algs.size(); a++) {
            if (algs.get(a).split() != 0) {
                continue;
            }
            double s = 0;
            int n = 0;
            for (double[] perRound : drift[a]) {
                if (!Double.isNaN(perRound[t])) {
                    s += perRound[t];
                    n++;
                }
            }
            if (n > 0) {
                ctx.point(chart, algs.get(a).name(), t + 1, s / n);
            }
        }
    }

    private static double meanNorm(float[] sq, boolean[] include, int from, int count) {
        double s = 0;
        int n = 0;
        for (int i = from; i < from + count; i++) {
            if (include[i]) {
                s += Math.sqrt(sq[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static float[] flatten(float[][] v) {
        float[] out = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, out, i * v[0].length, v[0].length);
        }
        return out;
    }

    private static float[] oneHot(int[] y, int classes) {
        float[] out = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            out[i * classes + y[i]] = 1f;
        }
        return out;
    }
}
