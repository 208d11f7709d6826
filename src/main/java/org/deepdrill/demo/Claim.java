package org.deepdrill.demo;

import java.util.Locale;

/**
 * A statement a demo tests in its run: a stable id, its kind, one plain sentence, the measured
 * value, the relation it was expected to satisfy, and whether it held.
 */
public record Claim(String id, Kind kind, String statement, double measured, String expected, boolean holds) {

    /**
     * {@code MEASURED}: a number from this run against a bound a wrong world would miss; tests
     * check it under several seeds. {@code TIMING}: a wall-clock ratio; only the benchmarks check it.
     */
    public enum Kind { MEASURED, TIMING }

    public Claim {
        if (id == null || !id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("claim id must be kebab-case: " + id);
        }
    }

    public static Claim atLeast(String id, String statement, double measured, double min) {
        return new Claim(id, Kind.MEASURED, statement, measured, "≥ " + num(min), measured >= min);
    }

    public static Claim atMost(String id, String statement, double measured, double max) {
        return new Claim(id, Kind.MEASURED, statement, measured, "≤ " + num(max), measured <= max);
    }

    public static Claim between(String id, String statement, double measured, double lo, double hi) {
        return new Claim(id, Kind.MEASURED, statement, measured, "in [" + num(lo) + ", " + num(hi) + "]",
                measured >= lo && measured <= hi);
    }

    public static Claim near(String id, String statement, double measured, double target, double tolerance) {
        return new Claim(id, Kind.MEASURED, statement, measured, num(target) + " ± " + num(tolerance),
                Math.abs(measured - target) <= tolerance);
    }

    /** A yes/no finding: {@code measured} is 1 when it held, 0 when not. */
    public static Claim check(String id, String statement, boolean holds, String expected) {
        return new Claim(id, Kind.MEASURED, statement, holds ? 1 : 0, expected, holds);
    }

    /** The same claim, marked as a wall-clock ratio that only the benchmarks assert. */
    public Claim timing() {
        return new Claim(id, Kind.TIMING, statement, measured, expected, holds);
    }

    public boolean isTiming() {
        return kind == Kind.TIMING;
    }

    /** Short text such as "1.02 (expected in [0.9, 1.1])". */
    public String verdictText() {
        return num(measured) + " (expected " + expected + ")";
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
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
