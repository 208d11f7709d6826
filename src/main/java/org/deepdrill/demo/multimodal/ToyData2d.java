package org.deepdrill.demo.multimodal;

import java.util.Random;

/** Two-dimensional toy distributions for generative models, standardised to zero mean, unit spread. */
final class ToyData2d {
    private ToyData2d() {
    }

    /** n points (x0,y0,x1,y1,…) from "moons" or "spiral". */
    static float[] sample(String kind, int n, long seed) {
        Random rnd = new Random(seed);
        float[] p = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double x;
            double y;
            if (kind.equals("spiral")) {
                double r = Math.sqrt(rnd.nextDouble()); // more points on the outer turns
                double a = 3.0 * Math.PI * r;
                x = r * Math.cos(a) + 0.04 * rnd.nextGaussian();
                y = r * Math.sin(a) + 0.04 * rnd.nextGaussian();
            } else {
                double a = Math.PI * rnd.nextDouble();
                boolean upper = rnd.nextBoolean();
                x = upper ? Math.cos(a) : 1 - Math.cos(a);
                y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
                x += 0.06 * rnd.nextGaussian();
                y += 0.06 * rnd.nextGaussian();
            }
            p[2 * i] = (float) x;
            p[2 * i + 1] = (float) y;
        }
        return standardise(p, kind);
    }

    /** Fixed centring and scale per data set, so every draw uses the same transform. */
    private static float[] standardise(float[] p, String kind) {
        double cx = kind.equals("spiral") ? 0 : 0.5;
        double cy = kind.equals("spiral") ? 0 : 0.25;
        double s = kind.equals("spiral") ? 1.6 : 1.2;
        for (int i = 0; i < p.length; i += 2) {
            p[i] = (float) ((p[i] - cx) * s);
            p[i + 1] = (float) ((p[i + 1] - cy) * s);
        }
        return p;
    }
}
