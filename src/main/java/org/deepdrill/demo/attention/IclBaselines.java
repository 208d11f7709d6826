package org.deepdrill.demo.attention;

/**
 * The classical answers to an in-context regression prompt, in plain Java: predict the label of pair n
 * from pairs 0..n−1. Least squares (minimum-norm while n &lt; d), ridge with a given λ, the label of the
 * nearest context x, and zero. Each method returns the mean squared error at every n over all prompts.
 */
final class IclBaselines {
    private IclBaselines() {
    }

    /** Mean squared error against the prompts' targets at n = 0..pairs−1 of least squares (λ = 0) or ridge. */
    static double[] ridge(IclPrompts p, double lambda) {
        double[] err = new double[p.pairs()];
        int d = p.dim();
        for (int q = 0; q < p.count(); q++) {
            for (int n = 0; n < p.pairs(); n++) {
                double[] w = fit(p, q, n, lambda);
                double pred = 0;
                int at = (q * p.pairs() + n) * d;
                for (int k = 0; k < d; k++) {
                    pred += w[k] * p.x()[at + k];
                }
                double e = pred - p.target()[q * p.pairs() + n];
                err[n] += e * e;
            }
        }
        return scale(err, 1.0 / p.count());
    }

    /** The label of the context pair whose x is nearest (Euclidean) to the query's x; 0 with no context. */
    static double[] nearestNeighbour(IclPrompts p) {
        double[] err = new double[p.pairs()];
        int d = p.dim();
        for (int q = 0; q < p.count(); q++) {
            for (int n = 0; n < p.pairs(); n++) {
                int query = (q * p.pairs() + n) * d;
                double best = Double.MAX_VALUE;
                double pred = 0;
                for (int j = 0; j < n; j++) {
                    int at = (q * p.pairs() + j) * d;
                    double dist = 0;
                    for (int k = 0; k < d; k++) {
                        double diff = p.x()[at + k] - p.x()[query + k];
                        dist += diff * diff;
                    }
                    if (dist < best) {
                        best = dist;
                        pred = p.y()[q * p.pairs() + j];
                    }
                }
                double e = pred - p.target()[q * p.pairs() + n];
                err[n] += e * e;
            }
        }
        return scale(err, 1.0 / p.count());
    }

    /** Predicting 0 whatever the context: the mean of y², about d + σ². */
    static double[] zero(IclPrompts p) {
        double[] err = new double[p.pairs()];
        for (int q = 0; q < p.count(); q++) {
            for (int n = 0; n < p.pairs(); n++) {
                double t = p.target()[q * p.pairs() + n];
                err[n] += t * t;
            }
        }
        return scale(err, 1.0 / p.count());
    }

    /**
     * w fitted on pairs 0..n−1 of prompt q. With λ &gt; 0: (XᵀX + λI)⁻¹Xᵀy. With λ = 0: ordinary least
     * squares when n ≥ d, and the minimum-norm solution Xᵀ(XXᵀ)⁻¹y when n &lt; d.
     */
    static double[] fit(IclPrompts p, int q, int n, double lambda) {
        int d = p.dim();
        double[] w = new double[d];
        if (n == 0) {
            return w;
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                x[j][k] = p.x()[(q * p.pairs() + j) * d + k];
            }
            y[j] = p.y()[q * p.pairs() + j];
        }
        if (lambda == 0 && n < d) {
            double[][] g = new double[n][n]; // X Xᵀ
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    g[a][b] = dot(x[a], x[b]);
                }
            }
            double[] alpha = solve(g, y.clone());
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    w[k] += alpha[j] * x[j][k];
                }
            }
            return w;
        }
        double[][] g = new double[d][d]; // XᵀX + λI
        double[] r = new double[d]; // Xᵀy
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += x[j][a] * x[j][b];
                }
                g[a][b] = s + (a == b ? lambda : 0);
            }
            for (int j = 0; j < n; j++) {
                r[a] += x[j][a] * y[j];
            }
        }
        return solve(g, r);
    }

    /** Solves A·v = b by Gaussian elimination with partial pivoting (A is small and overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] tr = a[c];
            a[c] = a[piv];
            a[piv] = tr;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] v = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * v[k];
            }
            v[r] = s / a[r][r];
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static double[] scale(double[] v, double f) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
        }
        return v;
    }
}
