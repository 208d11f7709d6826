package org.deepdrill.demo;

import java.util.Locale;

/**
 * A statement a demo tests in its run: the measured value, the relation it was expected to satisfy,
 * and whether it held.
 */
public record Claim(String statement, double measured, String expected, boolean holds) {

    public static Claim atLeast(String statement, double measured, double min) {
        return new Claim(statement, measured, "≥ " + num(min), measured >= min);
    }

    public static Claim atMost(String statement, double measured, double max) {
        return new Claim(statement, measured, "≤ " + num(max), measured <= max);
    }

    public static Claim between(String statement, double measured, double lo, double hi) {
        return new Claim(statement, measured, "in [" + num(lo) + ", " + num(hi) + "]", measured >= lo && measured <= hi);
    }

    public static Claim near(String statement, double measured, double target, double tolerance) {
        return new Claim(statement, measured, num(target) + " ± " + num(tolerance),
                Math.abs(measured - target) <= tolerance);
    }

    /** Short text such as "1.02 (expected in [0.9, 1.1])". */
    public String verdictText() {
        return num(measured) + " (expected " + expected + ")";
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e9) {
            return Long.toString((long) v);
        }
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
