package org.deepdrill.demo.research;

import java.util.Random;

/**
 * Inputs from well-separated Gaussian clusters; inside cluster c the label is argmax of a
 * cluster-specific linear map of the offset from its centre. A router can learn the cluster, an
 * expert the rule: the task rewards specialisation.
 */
final class ClusterTask {
    static final int DIM = 8;
    static final int CLUSTERS = 8;
    static final int CLASSES = 4;
    private final float[][] centres = new float[CLUSTERS][DIM];
    private final float[][][] rules = new float[CLUSTERS][DIM][CLASSES];

    record Data(float[] x, int[] y, int[] cluster) {
    }

    ClusterTask(Random rnd) {
        for (int c = 0; c < CLUSTERS; c++) {
            double len = 0;
            for (int i = 0; i < DIM; i++) {
                centres[c][i] = (float) rnd.nextGaussian();
                len += centres[c][i] * centres[c][i];
            }
            for (int i = 0; i < DIM; i++) {
                centres[c][i] *= (float) (2.5 / Math.sqrt(len)); // centres on a sphere of radius 2.5
            }
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < CLASSES; j++) {
                    rules[c][i][j] = (float) rnd.nextGaussian();
                }
            }
        }
    }

    Data sample(int n, Random rnd) {
        float[] x = new float[n * DIM];
        int[] y = new int[n];
        int[] cl = new int[n];
        float[] off = new float[DIM];
        for (int s = 0; s < n; s++) {
            int c = rnd.nextInt(CLUSTERS);
            cl[s] = c;
            for (int i = 0; i < DIM; i++) {
                off[i] = (float) rnd.nextGaussian();
                x[s * DIM + i] = centres[c][i] + off[i];
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < CLASSES; j++) {
                double score = 0;
                for (int i = 0; i < DIM; i++) {
                    score += off[i] * rules[c][i][j];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            y[s] = best;
        }
        return new Data(x, y, cl);
    }
}
