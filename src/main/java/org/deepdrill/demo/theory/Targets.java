package org.deepdrill.demo.theory;

import java.util.List;

/** 1-D target functions on [-1, 1] (defined everywhere, so extrapolation can be measured). */
final class Targets {
    static final List<String> NAMES = List.of("sines", "bump", "abs");

    private Targets() {
    }

    static double f(String name, double x) {
        return switch (name) {
            case "sines" -> Math.sin(2 * Math.PI * x) + 0.5 * Math.sin(5 * Math.PI * x);
            case "bump" -> Math.exp(-x * x / 0.02);
            case "abs" -> Math.abs(x) - 0.5;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static String formula(String name) {
        return switch (name) {
            case "sines" -> "sin(2πx) + 0.5·sin(5πx)";
            case "bump" -> "exp(−x²/0.02)";
            case "abs" -> "|x| − 0.5";
            default -> name;
        };
    }

    static double[] grid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    static double[] values(String name, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f(name, x[i]);
        }
        return y;
    }
}
