package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;

/**
 * A curved valley on the plane, f(x, y) = (1 − x)² + b·(y − x²)², Rosenbrock's function with a
 * softer wall (b = 5): minimum 0 at (1, 1), curvature about 50 across the valley and about 1 along it.
 */
public final class Surface {
    public static final double WALL = 5;

    private Surface() {
    }

    /** f at p (2). */
    public static NDArray loss(NDArray p) {
        NDArray x = p.get(0);
        NDArray y = p.get(1);
        NDArray a = x.neg().add(1); // 1 − x
        NDArray c = y.sub(x.square()); // y − x²
        return a.square().add(c.square().mul(org.deepdrill.demo.lib.train.Scalars.of(WALL)));
    }

    public static double value(double x, double y) {
        return (1 - x) * (1 - x) + WALL * (y - x * x) * (y - x * x);
    }
}
