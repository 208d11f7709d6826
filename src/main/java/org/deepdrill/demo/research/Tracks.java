package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * K independent ReLU MLPs of the same shape stacked on a leading axis, so one batched matmul trains
 * all of them. Parameters alternate weight (K,in,out) and bias (K,1,out). Values move in and out as
 * flat float arrays with the track as the slowest index.
 */
final class Tracks {
    static final int K = 3;
    final AdamState adam = new AdamState();
    private final int[] sizes;
    private final List<Shape> shapes = new ArrayList<>();

    Tracks(NDManager m, int[] sizes, Random rnd) {
        this.sizes = sizes.clone();
        for (int l = 0; l + 1 < sizes.length; l++) {
            shapes.add(new Shape(K, sizes[l], sizes[l + 1]));
            shapes.add(new Shape(K, 1, sizes[l + 1]));
        }
        float[][] v = new float[shapes.size()][];
        for (int p = 0; p < shapes.size(); p++) {
            v[p] = new float[(int) shapes.get(p).size()];
            for (int t = 0; t < K; t++) {
                randomTrack(v, p, t, rnd);
            }
            // Tracks 0 and 1 share θ0; track 2 starts from its own draw only after the first pruning.
            int len = v[p].length / K;
            System.arraycopy(v[p], 0, v[p], len, len);
            System.arraycopy(v[p], 0, v[p], 2 * len, len);
            adam.add(m.create(v[p], shapes.get(p)));
        }
    }

    /** x (B,in) → logits (K,B,C). */
    NDArray forward(NDArray x) {
        NDArray h = x;
        int layers = shapes.size() / 2;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(adam.get(2 * l)).add(adam.get(2 * l + 1)); // (K,B,out)
            if (l + 1 < layers) {
                h = Activation.relu(h);
            }
        }
        return h;
    }

    float[][] snapshot() {
        float[][] v = new float[shapes.size()][];
        for (int p = 0; p < shapes.size(); p++) {
            v[p] = adam.get(p).toFloatArray();
        }
        return v;
    }

    /** All-ones masks for weights, null for biases. */
    float[][] fullMasks() {
        float[][] masks = new float[shapes.size()][];
        for (int p = 0; p < shapes.size(); p += 2) {
            masks[p] = new float[(int) shapes.get(p).size()];
            Arrays.fill(masks[p], 1f);
        }
        return masks;
    }

    List<NDArray> maskArrays(NDManager m, float[][] masks) {
        List<NDArray> out = new ArrayList<>();
        for (int p = 0; p < shapes.size(); p++) {
            out.add(masks[p] == null ? null : m.create(masks[p], shapes.get(p)));
        }
        return out;
    }

    /** Fraction of weights (not biases) of track 0 that survive. */
    double remainingFraction(float[][] masks) {
        double kept = 0;
        double total = 0;
        for (int p = 0; p < shapes.size(); p += 2) {
            int len = masks[p].length / K;
            for (int i = 0; i < len; i++) {
                kept += masks[p][i];
            }
            total += len;
        }
        return kept / total;
    }

    /**
     * Removes the fraction {@code rate} of the surviving weights with the smallest magnitude, per
     * layer and per track (half the rate in the output layer). Track 2 takes track 0's mask.
     */
    float[][] prune(float[][] trained, float[][] masks, double rate) {
        float[][] out = new float[masks.length][];
        int last = shapes.size() - 2;
        for (int p = 0; p < shapes.size(); p += 2) {
            double r = p == last ? rate / 2 : rate;
            out[p] = masks[p].clone();
            int len = masks[p].length / K;
            for (int t = 0; t < 2; t++) {
                int off = t * len;
                int alive = 0;
                for (int i = 0; i < len; i++) {
                    if (masks[p][off + i] > 0) {
                        alive++;
                    }
                }
                float[] mags = new float[alive];
                int j = 0;
                for (int i = 0; i < len; i++) {
                    if (masks[p][off + i] > 0) {
                        mags[j++] = Math.abs(trained[p][off + i]);
                    }
                }
                Arrays.sort(mags);
                int remove = (int) Math.round(alive * r);
                float cut = remove == 0 ? -1f : mags[remove - 1];
                int removed = 0;
                for (int i = 0; i < len; i++) {
                    if (masks[p][off + i] > 0 && Math.abs(trained[p][off + i]) <= cut && removed < remove) {
                        out[p][off + i] = 0f;
                        removed++;
                    }
                }
            }
            System.arraycopy(out[p], 0, out[p], 2 * len, len);
        }
        return out;
    }

    /** Copies track t of parameter p from src into dst. */
    void copyTrack(float[][] src, float[][] dst, int p, int t) {
        int len = dst[p].length / K;
        System.arraycopy(src[p], t * len, dst[p], t * len, len);
    }

    /** Copies track {@code from} of parameter p onto track {@code to}, in place. */
    void copyTrackTo(float[][] values, int p, int from, int to) {
        int len = values[p].length / K;
        System.arraycopy(values[p], from * len, values[p], to * len, len);
    }

    /** Fresh He-normal weights (zero biases) for track t of parameter p. */
    void randomTrack(float[][] dst, int p, int t, Random rnd) {
        int len = dst[p].length / K;
        boolean weight = p % 2 == 0;
        double std = weight ? Math.sqrt(2.0 / sizes[p / 2]) : 0;
        for (int i = 0; i < len; i++) {
            dst[p][t * len + i] = (float) (rnd.nextGaussian() * std);
        }
    }

    /** Writes values ⊙ mask into the parameters. */
    void load(float[][] values, float[][] masks) {
        for (int p = 0; p < shapes.size(); p++) {
            float[] v = values[p].clone();
            if (masks[p] != null) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= masks[p][i];
                }
            }
            adam.get(p).set(FloatBuffer.wrap(v));
        }
    }

    /** Test accuracy of each track. */
    double[] accuracy(NDManager m, NDArray x, int[] labels) {
        try (NDManager s = m.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(s);
            long[] pred = forward(xs).argMax(-1).toType(DataType.INT64, false).toLongArray(); // (K·M)
            double[] acc = new double[K];
            int n = labels.length;
            for (int t = 0; t < K; t++) {
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    if (pred[t * n + i] == labels[i]) {
                        ok++;
                    }
                }
                acc[t] = (double) ok / n;
            }
            return acc;
        }
    }
}
