package org.deepdrill.demo.attention;

import java.util.Random;

/**
 * Prompts for in-context linear regression: per prompt a task w ~ N(0, I_d), then {@code pairs}
 * examples x ~ N(0, I_d), y = w·x + noise. Held as flat float arrays: x (P, pairs, d), the labels y
 * (P, pairs) shown in the context, the labels to predict (the same y unless shuffled), and the
 * noiseless w·x. A finite pool of tasks (the few-tasks world) draws w from that pool
 * instead of afresh.
 */
record IclPrompts(int count, int pairs, int dim, float[] x, float[] y, float[] target, float[] clean) {

    /** Task vectors: either drawn fresh for every prompt ({@code pool == null}) or taken from a fixed pool. */
    static IclPrompts draw(int count, int pairs, int dim, double noise, float[][] pool, Random rnd) {
        float[] x = new float[count * pairs * dim];
        float[] y = new float[count * pairs];
        float[] clean = new float[count * pairs];
        double[] w = new double[dim];
        for (int p = 0; p < count; p++) {
            if (pool == null) {
                for (int k = 0; k < dim; k++) {
                    w[k] = rnd.nextGaussian();
                }
            } else {
                float[] t = pool[rnd.nextInt(pool.length)];
                for (int k = 0; k < dim; k++) {
                    w[k] = t[k];
                }
            }
            for (int i = 0; i < pairs; i++) {
                int at = (p * pairs + i) * dim;
                double dot = 0;
                for (int k = 0; k < dim; k++) {
                    float v = (float) rnd.nextGaussian();
                    x[at + k] = v;
                    dot += w[k] * v;
                }
                clean[p * pairs + i] = (float) dot;
                y[p * pairs + i] = (float) (dot + noise * rnd.nextGaussian());
            }
        }
        return new IclPrompts(count, pairs, dim, x, y, y.clone(), clean);
    }

    /** A fixed pool of {@code size} task vectors w ~ N(0, I_d). */
    static float[][] pool(int size, int dim, Random rnd) {
        float[][] pool = new float[size][dim];
        for (float[] w : pool) {
            for (int k = 0; k < dim; k++) {
                w[k] = (float) rnd.nextGaussian();
            }
        }
        return pool;
    }

    /**
     * The same prompts with the labels shown in each prompt permuted among its pairs: the x's and the
     * set of y's are unchanged, only which y goes with which x. The labels to predict stay the true ones.
     */
    IclPrompts shuffledLabels(Random rnd) {
        float[] ys = y.clone();
        for (int p = 0; p < count; p++) {
            int base = p * pairs;
            for (int i = pairs - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                float t = ys[base + i];
                ys[base + i] = ys[base + j];
                ys[base + j] = t;
            }
        }
        return new IclPrompts(count, pairs, dim, x, ys, target, clean);
    }
}
