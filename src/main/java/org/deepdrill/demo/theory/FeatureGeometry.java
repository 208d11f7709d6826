package org.deepdrill.demo.theory;

/**
 * Plain numerics on a toy model's weights W (m rows, n feature columns) and on dictionaries of unit
 * directions: feature norms, which features are stored, their overlaps, and how well a dictionary
 * matches each feature's direction. No engine.
 */
final class FeatureGeometry {
    private FeatureGeometry() {
    }

    /** ‖W_i‖ for every feature column i. */
    static double[] norms(double[][] w) {
        int n = w[0].length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double[] row : w) {
                s += row[i] * row[i];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    static int count(double[] norms, double threshold) {
        int c = 0;
        for (double v : norms) {
            if (v > threshold) {
                c++;
            }
        }
        return c;
    }

    /** Feature i's direction W_i / ‖W_i‖. */
    static double[] direction(double[][] w, int i) {
        double[] u = new double[w.length];
        double s = 0;
        for (int d = 0; d < w.length; d++) {
            u[d] = w[d][i];
            s += u[d] * u[d];
        }
        s = Math.sqrt(s);
        for (int d = 0; d < u.length; d++) {
            u[d] /= s;
        }
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** WᵀW: the n × n matrix of dot products between feature columns. */
    static double[][] gram(double[][] w) {
        int n = w[0].length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (double[] row : w) {
                    s += row[i] * row[j];
                }
                g[i][j] = s;
            }
        }
        return g;
    }

    /**
     * Between the directions of two different stored features: mean |cos|, largest |cos|, mean cos²
     * and the number of antipodal pairs (cos < −0.9). All 0 with fewer than two stored features.
     */
    static double[] overlap(double[][] w, double threshold) {
        double[] norms = norms(w);
        double sum = 0;
        double max = 0;
        double squares = 0;
        int antipodal = 0;
        int pairs = 0;
        for (int i = 0; i < norms.length; i++) {
            for (int j = i + 1; j < norms.length; j++) {
                if (norms[i] > threshold && norms[j] > threshold) {
                    double c = dot(direction(w, i), direction(w, j));
                    sum += Math.abs(c);
                    max = Math.max(max, Math.abs(c));
                    squares += c * c;
                    antipodal += c < -0.9 ? 1 : 0;
                    pairs++;
                }
            }
        }
        return pairs == 0 ? new double[4] : new double[] {sum / pairs, max, squares / pairs, antipodal};
    }

    /** The least possible mean cos² between N unit vectors in m dimensions (Welch): (N − m)/(m(N − 1)), 0 if N ≤ m. */
    static double welchBound(int vectors, int dims) {
        return vectors <= dims ? 0 : (double) (vectors - dims) / (dims * (vectors - 1.0));
    }

    /** The best signed cosine between a unit direction and any atom of a dictionary of unit rows. */
    static double bestCosine(double[] u, double[][] atoms) {
        double best = -1;
        for (double[] a : atoms) {
            best = Math.max(best, dot(u, a));
        }
        return best;
    }

    /** The hidden neurons read as features: the 2m unit axes ±e_k. */
    static double[][] neuronAxes(int dims) {
        double[][] out = new double[2 * dims][dims];
        for (int k = 0; k < dims; k++) {
            out[2 * k][k] = 1;
            out[2 * k + 1][k] = -1;
        }
        return out;
    }

    /** Stored features whose best atom has cosine at least {@code cut}: {stored, matched}. */
    static int[] matched(double[][] w, double[][] atoms, double threshold, double cut) {
        double[] norms = norms(w);
        int stored = 0;
        int hit = 0;
        for (int i = 0; i < norms.length; i++) {
            if (norms[i] > threshold) {
                stored++;
                if (bestCosine(direction(w, i), atoms) >= cut) {
                    hit++;
                }
            }
        }
        return new int[] {stored, hit};
    }
}
