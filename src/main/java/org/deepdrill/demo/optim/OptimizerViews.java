package org.deepdrill.demo.optim;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.Series;

import java.util.ArrayList;
import java.util.List;

/** The optimizer demo's drawings that need no engine: contours, the landscape, the schedules, a 2×2 eigen solve. */
final class OptimizerViews {
    private OptimizerViews() {
    }

    /** Points of the grid lying near a few level sets, drawn as dots to sketch contours. */
    static List<Series> contours() {
        double[] levels = {0.05, 0.3, 1, 3, 10};
        List<Series> out = new ArrayList<>();
        for (double level : levels) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i <= 240; i++) {
                for (int j = 0; j <= 240; j++) {
                    double x = -2 + 4.0 * i / 240;
                    double y = -1 + 4.0 * j / 240;
                    if (Math.abs(Math.log(Surface.value(x, y) / level)) < 0.03) {
                        pts.add(new double[] {x, y});
                    }
                }
            }
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            out.add(new Series("f = " + Claim.num(level), xs, ys));
        }
        return out;
    }

    static Heatmap landscape() {
        int n = 41;
        double[][] v = new double[n][n];
        List<String> rowNames = new ArrayList<>();
        List<String> colNames = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double y = 3 - 4.0 * r / (n - 1); // top row = largest y
            rowNames.add(Claim.num(y));
            for (int c = 0; c < n; c++) {
                double x = -2 + 4.0 * c / (n - 1);
                v[r][c] = Math.log10(Surface.value(x, y) + 1e-3);
            }
        }
        for (int c = 0; c < n; c++) {
            colNames.add(Claim.num(-2 + 4.0 * c / (n - 1)));
        }
        return new Heatmap("landscape", "log10 f(x, y) on [−2, 2] × [−1, 3]", "y", "x", v, rowNames, colNames);
    }

    /** The lr multiplier per step: warm-up + cosine, cosine alone, constant. */
    static Chart schedules(int steps, int warm) {
        double[] x = new double[steps];
        double[] wc = new double[steps];
        double[] cos = new double[steps];
        double[] flat = new double[steps];
        for (int s = 0; s < steps; s++) {
            x[s] = s;
            wc[s] = Schedule.warmupCosine(s, warm, steps, 1, 0.01);
            cos[s] = Schedule.warmupCosine(s, 0, steps, 1, 0.01);
            flat[s] = 1;
        }
        return Chart.line("schedules", "Learning-rate multiplier per step", "step", "lr / peak lr",
                List.of(new Series("warm-up " + warm + " steps + cosine", x, wc), new Series("cosine, no warm-up", x, cos),
                        new Series("constant", x, flat)));
    }

    /** Eigenvalues {larger, smaller} of the symmetric matrix {{a, b}, {b, c}} given as {a, b, c}. */
    static double[] eigen2(double[] h) {
        double mean = (h[0] + h[2]) / 2;
        double r = Math.hypot((h[0] - h[2]) / 2, h[1]);
        return new double[] {mean + r, mean - r};
    }
}
