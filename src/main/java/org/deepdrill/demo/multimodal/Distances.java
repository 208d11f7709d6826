package org.deepdrill.demo.multimodal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Distances between two point clouds, computed from all pairwise distances. */
final class Distances {
    private Distances() {
    }

    /** (N,D) and (M,D) to the (N,M) Euclidean distances. */
    static NDArray pairwise(NDArray a, NDArray b) {
        NDArray a2 = a.square().sum(new int[] {1}, true); // (N,1)
        NDArray b2 = b.square().sum(new int[] {1}, true).transpose(); // (1,M)
        NDArray d2 = a2.add(b2).sub(a.matMul(b.transpose()).mul(org.deepdrill.demo.lib.train.Scalars.of(2))); // (N,M)
        return d2.maximum(org.deepdrill.demo.lib.train.Scalars.of(0)).sqrt();
    }

    /** Energy distance 2E|X−Y| − E|X−X'| − E|Y−Y'|: zero only when the distributions agree. */
    static double energy(NDArray x, NDArray y) {
        return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y);
    }

    /**
     * The (N,M) matrices are the big arrays here (2000×4000 floats is 32 MB each), so every call
     * works in its own manager and frees them before returning.
     */
    private static double meanDistance(NDArray a, NDArray b) {
        try (NDManager s = a.getManager().newSubManager()) {
            // An array attached twice would be handed back to s itself, then closed with it.
            if (a == b) {
                s.tempAttachAll(a);
            } else {
                s.tempAttachAll(a, b);
            }
            return pairwise(a, b).mean().getFloat();
        }
    }

    /** Fraction of points of {@code a} within {@code radius} of their nearest point in {@code ref}. */
    static double fractionNear(NDArray a, NDArray ref, double radius) {
        try (NDManager s = a.getManager().newSubManager()) {
            if (a == ref) {
                s.tempAttachAll(a);
            } else {
                s.tempAttachAll(a, ref);
            }
            NDArray nearest = pairwise(a, ref).min(new int[] {1}); // (N)
            return nearest.lt(radius).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
        }
    }
}
