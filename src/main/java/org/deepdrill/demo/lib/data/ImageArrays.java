package org.deepdrill.demo.lib.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * A {@link SyntheticImages} set held as NDArrays: images (N,1,S,S) and int labels (N), with random
 * mini-batches. Create the set on the run's manager; take each mini-batch on a per-step sub-manager.
 */
public final class ImageArrays {
    private final NDArray images;
    private final NDArray labels;
    private final int count;
    private final int classes;

    private ImageArrays(NDArray images, NDArray labels, int count, int classes) {
        this.images = images;
        this.labels = labels;
        this.count = count;
        this.classes = classes;
    }

    public static ImageArrays of(NDManager m, SyntheticImages.Batch b) {
        NDArray x = m.create(b.images(), new Shape(b.count(), 1, b.size(), b.size())); // (N,1,S,S)
        NDArray y = m.create(b.labels()); // (N) int32
        return new ImageArrays(x, y, b.count(), b.classes());
    }

    /** Generates and uploads n images in one call. */
    public static ImageArrays generate(NDManager m, int n, int size, int classes, double noise, long seed) {
        return of(m, SyntheticImages.generate(n, size, classes, noise, seed));
    }

    public NDArray images() {
        return images;
    }

    public NDArray labels() {
        return labels;
    }

    public int count() {
        return count;
    }

    public int classes() {
        return classes;
    }

    /** A random mini-batch (with replacement across calls), attached to {@code m}: [images, labels]. */
    public NDArray[] sample(NDManager m, int batch, Random rnd) {
        long[] idx = new long[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = rnd.nextInt(count);
        }
        NDArray index = m.create(idx); // int64: PyTorch's indexing type
        NDArray x = images.get(index); // (B,1,S,S), attached to the set's manager: move it to m
        NDArray y = labels.get(index); // (B)
        x.attach(m);
        y.attach(m);
        return new NDArray[] {x, y};
    }

    /** Rows from..to (exclusive), attached to {@code m}: [images, labels]. */
    public NDArray[] slice(NDManager m, int from, int to) {
        NDArray x = images.get(from + ":" + to);
        NDArray y = labels.get(from + ":" + to);
        x.attach(m);
        y.attach(m);
        return new NDArray[] {x, y};
    }
}
