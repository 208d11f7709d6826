package org.deepdrill.demo.research;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.train.Scalars;

import java.util.Random;

/**
 * The three trainers of the RLHF/DPO demo, all with Adam: a Bradley–Terry reward model, a policy
 * trained by KL-regularised policy gradient (REINFORCE on sampled responses) against that reward
 * model, and a policy trained by DPO straight from the pairs. A policy is a table of logits, one
 * softmax over the responses per prompt, started at the reference policy. Each trainer reports the
 * KL to the optimum π* every few steps on the live chart "optimum".
 */
final class PreferenceTraining {
    private PreferenceTraining() {
    }

    /**
     * Trains a reward model r(x, y), linear in a one-hot (prompt, response) feature, on
     * −log σ(r(x, y_w) − r(x, y_l)); returns its reward table (X,K).
     */
    static double[][] rewardModel(DemoContext ctx, PreferenceWorld w, int[][] pairs, int steps) {
        NDManager m = ctx.manager();
        Mlp net = new Mlp(m, w.prompts * w.responses, 1);
        NDArray win = oneHot(m, pairs[0], pairs[1], w); // (N,X·K)
        NDArray lose = oneHot(m, pairs[0], pairs[2], w); // (N,X·K)
        for (int step = 0; step < steps; step++) {
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(win, lose);
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray margin = net.forward(win).sub(net.forward(lose)); // (N,1)
                    loss = Activation.softPlus(margin.neg()).mean(); // −log σ(margin)
                    gc.backward(loss);
                }
                net.adam.step(rate(step, steps, 5e-2));
                if (step % 10 == 0) {
                    ctx.point("reward-model", "Bradley–Terry loss", step + 1, ctx.checkFinite("reward-model loss", loss.getFloat()));
                }
            }
            ctx.checkCancelled();
        }
        int[] xs = new int[w.prompts * w.responses];
        int[] ys = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i / w.responses;
            ys[i] = i % w.responses;
        }
        try (NDManager s = m.newSubManager()) {
            float[] r = net.forward(oneHot(s, xs, ys, w)).toFloatArray();
            double[][] table = new double[w.prompts][w.responses];
            for (int i = 0; i < r.length; i++) {
                table[i / w.responses][i % w.responses] = r[i];
            }
            return table;
        }
    }

    /**
     * KL-regularised policy gradient: per step, {@code samples} responses per prompt from π; each
     * scores r̂(x, y) − β·log(π(y|x)/π_ref(y|x)) (the per-sample KL penalty), minus the prompt's mean
     * score as baseline; the loss is −Σ score·log π(y|x). Returns the final policy.
     */
    static double[][] policyGradient(DemoContext ctx, PreferenceWorld w, double[][] reward, double beta, double[][] target,
                                     int steps, int samples, Random rnd) {
        NDManager m = ctx.manager();
        AdamState adam = new AdamState();
        NDArray logits = adam.add(m.create(flat(w.refLogits), new Shape(w.prompts, w.responses))); // (X,K)
        double[][] ref = w.reference();
        double[][] pi = ref;
        for (int step = 0; step < steps; step++) {
            float[] weight = new float[w.prompts * w.responses];
            for (int x = 0; x < w.prompts; x++) {
                int[] ys = new int[samples];
                double[] score = new double[samples];
                double mean = 0;
                for (int i = 0; i < samples; i++) {
                    ys[i] = PreferenceWorld.draw(pi[x], rnd);
                    score[i] = reward[x][ys[i]] - beta * Math.log(pi[x][ys[i]] / ref[x][ys[i]]);
                    mean += score[i] / samples;
                }
                for (int i = 0; i < samples; i++) {
                    weight[x * w.responses + ys[i]] += (float) ((score[i] - mean) / (samples * w.prompts));
                }
            }
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(logits); // so that this step's intermediates die with s
                NDArray wt = s.create(weight, new Shape(w.prompts, w.responses));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = logits.logSoftmax(1).mul(wt).sum().neg();
                    gc.backward(loss);
                }
            }
            adam.step(rate(step, steps, 0.15));
            pi = probs(m, logits, w);
            report(ctx, "RLHF (policy gradient)", step, steps, pi, target);
        }
        return pi;
    }

    /**
     * DPO on the pairs: −log σ(β·[log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)]), full batch.
     * {@code withReference} false drops the π_ref terms (the "no reference model" mistake).
     */
    static double[][] dpo(DemoContext ctx, PreferenceWorld w, int[][] pairs, double beta, boolean withReference,
                          double[][] target, int steps) {
        NDManager m = ctx.manager();
        int n = pairs[0].length;
        AdamState adam = new AdamState();
        NDArray logits = adam.add(m.create(flat(w.refLogits), new Shape(w.prompts, w.responses))); // (X,K)
        float[] refMargin = new float[n];
        double[][] ref = w.reference();
        for (int i = 0; i < n; i++) {
            int x = pairs[0][i];
            refMargin[i] = withReference ? (float) Math.log(ref[x][pairs[1][i]] / ref[x][pairs[2][i]]) : 0;
        }
        NDArray rows = m.create(pairs[0]); // (N)
        NDArray winHot = m.create(pairs[1]).oneHot(w.responses); // (N,K)
        NDArray loseHot = m.create(pairs[2]).oneHot(w.responses); // (N,K)
        NDArray refM = m.create(refMargin); // (N)
        double[][] pi = ref;
        for (int step = 0; step < steps; step++) {
            try (NDManager s = m.newSubManager()) {
                s.tempAttachAll(logits, rows, winHot, loseHot, refM);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logp = logits.logSoftmax(1).get(rows); // (N,K)
                    NDArray margin = logp.mul(winHot).sum(new int[] {1}).sub(logp.mul(loseHot).sum(new int[] {1})); // (N)
                    NDArray z = margin.sub(refM).mul(Scalars.of(beta));
                    NDArray loss = Activation.softPlus(z.neg()).mean();
                    gc.backward(loss);
                }
            }
            adam.step(rate(step, steps, 5e-2));
            pi = probs(m, logits, w);
            report(ctx, withReference ? "DPO" : "DPO without π_ref", step, steps, pi, target);
        }
        return pi;
    }

    private static void report(DemoContext ctx, String series, int step, int steps, double[][] pi, double[][] target) {
        if (step % 5 == 0 || step == steps - 1) {
            ctx.point("optimum", series, step + 1, Math.max(1e-6, PreferenceWorld.kl(target, pi)));
        }
        ctx.checkCancelled();
    }

    private static double rate(int step, int steps, double peak) {
        double t = (double) step / steps;
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    private static double[][] probs(NDManager m, NDArray logits, PreferenceWorld w) {
        float[] l;
        try (NDManager s = m.newSubManager()) {
            s.tempAttachAll(logits);
            l = logits.softmax(1).toFloatArray();
        }
        double[][] p = new double[w.prompts][w.responses];
        for (int i = 0; i < l.length; i++) {
            p[i / w.responses][i % w.responses] = l[i];
        }
        return p;
    }

    private static float[] flat(double[][] t) {
        float[] out = new float[t.length * t[0].length];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < t[i].length; j++) {
                out[i * t[i].length + j] = (float) t[i][j];
            }
        }
        return out;
    }

    private static NDArray oneHot(NDManager m, int[] xs, int[] ys, PreferenceWorld w) {
        int width = w.prompts * w.responses;
        float[] v = new float[xs.length * width];
        for (int i = 0; i < xs.length; i++) {
            v[i * width + xs[i] * w.responses + ys[i]] = 1;
        }
        return m.create(v, new Shape(xs.length, width));
    }
}
