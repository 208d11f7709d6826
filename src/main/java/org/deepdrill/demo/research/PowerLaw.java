package org.deepdrill.demo.research;

import org.deepdrill.demo.lib.stats.Fit;

/**
 * Fits L(N) = a·N^−α + c by profiling c: for each candidate c below min(L) the reducible part L − c
 * is a straight line on log-log axes; the c whose curve best matches log L wins.
 */
final class PowerLaw {
    /** The fitted curve, the slope's standard error at the chosen c, and R² of log L. */
    record Result(double a, double alpha, double c, double alphaStdErr, double r2Log) {
        double at(double n) {
            return a * Math.pow(n, -alpha) + c;
        }
    }

    private PowerLaw() {
    }

    static Result fit(double[] n, double[] loss) {
        double min = Double.POSITIVE_INFINITY;
        for (double l : loss) {
            min = Math.min(min, l);
        }
        Result best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        int grid = 400;
        for (int g = 0; g < grid; g++) {
            double c = min * g / grid; // c in [0, min L)
            double[] reducible = new double[loss.length];
            for (int i = 0; i < loss.length; i++) {
                reducible[i] = loss[i] - c;
            }
            Fit.Line line = Fit.logLog(n, reducible);
            Result r = new Result(Math.exp(line.intercept()), -line.slope(), c, line.slopeStdErr(), 0);
            double sse = logSse(r, n, loss);
            if (sse < bestSse) {
                bestSse = sse;
                best = r;
            }
        }
        return new Result(best.a(), best.alpha(), best.c(), best.alphaStdErr(), 1 - bestSse / logSst(loss));
    }

    /** A pure power law (c = 0), for comparison. */
    static Result pure(double[] n, double[] loss) {
        Fit.Line line = Fit.logLog(n, loss);
        return new Result(Math.exp(line.intercept()), -line.slope(), 0, line.slopeStdErr(), line.r2());
    }

    static double logSse(Result r, double[] n, double[] loss) {
        double s = 0;
        for (int i = 0; i < n.length; i++) {
            double d = Math.log(r.at(n[i])) - Math.log(loss[i]);
            s += d * d;
        }
        return s;
    }

    private static double logSst(double[] loss) {
        double[] l = Fit.log(loss);
        double m = Fit.mean(l);
        double s = 0;
        for (double v : l) {
            s += (v - m) * (v - m);
        }
        return s;
    }
}
