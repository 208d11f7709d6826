package org.deepdrill.demo.lib.data;

import java.util.Random;

/** Labelled points from C Gaussian classes in d dimensions: x = μ_y + N(0, I), μ_c ~ N(0, sep²·I). */
public final class GaussianClasses {
    public final float[][] x;
    public final int[] y;
    public final int classes;

    private GaussianClasses(float[][] x, int[] y, int classes) {
        this.x = x;
        this.y = y;
        this.classes = classes;
    }

    /** Class means drawn once from {@code meanSeed}, so a train and a test set can share them. */
    public static GaussianClasses generate(int n, int dim, int classes, double sep, long meanSeed, long sampleSeed) {
        Random mr = new Random(meanSeed);
        double[][] mu = new double[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                mu[c][j] = sep * mr.nextGaussian();
            }
        }
        Random r = new Random(sampleSeed);
        float[][] x = new float[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) (mu[y[i]][j] + r.nextGaussian());
            }
        }
        return new GaussianClasses(x, y, classes);
    }
}
