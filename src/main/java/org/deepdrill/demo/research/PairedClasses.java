package org.deepdrill.demo.research;

import java.util.Random;

/**
 * Ten Gaussian classes in five sibling pairs: the two classes of a pair have close means, pairs are
 * far apart. The structure a teacher's soft labels should reveal.
 */
final class PairedClasses {
    static final int DIM = 10;
    static final int CLASSES = 10;
    private final double[][] means = new double[CLASSES][DIM];

    record Data(float[] x, int[] y) {
    }

    PairedClasses(Random rnd) {
        for (int pair = 0; pair < CLASSES / 2; pair++) {
            double[] centre = unit(rnd, 3.0);
            for (int k = 0; k < 2; k++) {
                double[] off = unit(rnd, 1.3);
                for (int i = 0; i < DIM; i++) {
                    means[2 * pair + k][i] = centre[i] + off[i];
                }
            }
        }
    }

    private static double[] unit(Random rnd, double radius) {
        double[] v = new double[DIM];
        double len = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = rnd.nextGaussian();
            len += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] *= radius / Math.sqrt(len);
        }
        return v;
    }

    /** Samples each class mean plus unit-variance Gaussian noise. */
    Data sample(int n, Random rnd) {
        float[] x = new float[n * DIM];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            int c = rnd.nextInt(CLASSES);
            y[s] = c;
            for (int i = 0; i < DIM; i++) {
                x[s * DIM + i] = (float) (means[c][i] + rnd.nextGaussian());
            }
        }
        return new Data(x, y);
    }
}
