package org.deepdrill.demo.lib.stats;

/** Least-squares straight-line fits, plain and on log-log axes. */
public final class Fit {
    private Fit() {
    }

    /** y = intercept + slope·x, with the slope's standard error and R². */
    public record Line(double slope, double intercept, double slopeStdErr, double r2) {
        public double at(double x) {
            return intercept + slope * x;
        }
    }

    public static Line line(double[] x, double[] y) {
        int n = x.length;
        if (n < 2 || y.length != n) {
            throw new IllegalArgumentException("need at least two matching points, got " + n + " and " + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            sse += r * r;
        }
        double se = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Double.NaN;
        double r2 = syy == 0 ? 1 : 1 - sse / syy;
        return new Line(slope, intercept, se, r2);
    }

    /** Fits log(y) = log(a) + b·log(x); returns the line in log space (slope b). */
    public static Line logLog(double[] x, double[] y) {
        return line(log(x), log(y));
    }

    public static double[] log(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log(v[i]);
        }
        return out;
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    public static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
