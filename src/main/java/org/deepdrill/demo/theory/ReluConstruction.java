package org.deepdrill.demo.theory;

/**
 * The constructive half of the universal approximation argument in 1-D: a width-w ReLU layer that
 * reproduces the piecewise-linear interpolant of f at w + 1 equally spaced knots on [-1, 1]:
 * f̂(x) = f(−1) + Σ_j (m_j − m_{j−1})·relu(x − x_j), where m_j is the slope on segment j.
 */
final class ReluConstruction {
    private final double[] knots;
    private final double[] outWeights;
    private final double bias;

    ReluConstruction(String target, int width) {
        knots = new double[width];
        outWeights = new double[width];
        double prevSlope = 0;
        for (int j = 0; j < width; j++) {
            double x0 = -1 + 2.0 * j / width;
            double x1 = -1 + 2.0 * (j + 1) / width;
            double slope = (Targets.f(target, x1) - Targets.f(target, x0)) / (x1 - x0);
            knots[j] = x0;
            outWeights[j] = slope - prevSlope;
            prevSlope = slope;
        }
        bias = Targets.f(target, -1);
    }

    double at(double x) {
        double y = bias;
        for (int j = 0; j < knots.length; j++) {
            y += outWeights[j] * Math.max(0, x - knots[j]);
        }
        return y;
    }

    /** Mean squared error against the target on the points x, divided by varF. */
    double relMse(String target, double[] x, double varF) {
        double s = 0;
        for (double xi : x) {
            double e = at(xi) - Targets.f(target, xi);
            s += e * e;
        }
        return s / x.length / varF;
    }
}
