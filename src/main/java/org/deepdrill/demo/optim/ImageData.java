package org.deepdrill.demo.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.data.SyntheticImages;

/** Flattened synthetic images as (N, size²) features and (N) int labels. */
public record ImageData(NDArray x, NDArray y, int features, int classes) {

    public static ImageData generate(NDManager m, int n, int size, int classes, double noise, long seed) {
        SyntheticImages.Batch b = SyntheticImages.generate(n, size, classes, noise, seed);
        NDArray x = m.create(b.images(), new Shape(n, (long) size * size)); // (N,S²)
        NDArray y = m.create(b.labels()); // (N)
        return new ImageData(x, y, size * size, classes);
    }

    public int count() {
        return (int) x.getShape().get(0);
    }

    /** Rows [from, from+len) of both arrays, wrapping around at the end. */
    public ImageData slice(int from, int len) {
        int n = count();
        int start = from % n;
        if (start + len > n) {
            start = 0;
        }
        String idx = start + ":" + (start + len);
        return new ImageData(x.get(idx), y.get(idx), features, classes);
    }
}
