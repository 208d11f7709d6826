package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small transformer for in-context regression, held as plain arrays: a linear embedding of each
 * token to width D, then layers of multi-head linear self-attention (scores q·k without softmax)
 * with residual connections, then a linear read-out at the query positions.
 *
 * <p>A prompt of N pairs becomes 2N tokens: N pair tokens [x_j, y_j, 1] and N query tokens
 * [x_i, 0, 0]. Query i attends to the pair tokens 0..i−1 and to itself, so its output predicts y_i
 * from i examples; pair j attends to pairs 0..j (a causal mask). One forward pass therefore scores
 * every context length 0..N−1 at once. Scores are divided by N, a fixed constant.
 */
final class LinearAttentionIcl {
    private final int dim;
    private final int pairs;
    private final int width;
    private final int heads;
    private final NDArray embed;
    private final List<NDArray> wqkv = new ArrayList<>();
    private final List<NDArray> wo = new ArrayList<>();
    private final NDArray readout;
    private final NDArray mask;

    LinearAttentionIcl(NDManager m, int dim, int pairs, int width, int heads, int layers, Random rnd) {
        this.dim = dim;
        this.pairs = pairs;
        this.width = width;
        this.heads = heads;
        int features = dim + 2;
        embed = gaussian(m, rnd, new Shape(features, width), 1 / Math.sqrt(features));
        for (int l = 0; l < layers; l++) {
            wqkv.add(gaussian(m, rnd, new Shape(width, 3L * width), 1 / Math.sqrt(width)));
            wo.add(gaussian(m, rnd, new Shape(width, width), 0.1 / Math.sqrt(width)));
        }
        readout = gaussian(m, rnd, new Shape(width, 1), 1 / Math.sqrt(width));
        mask = m.create(maskValues(pairs), new Shape(2 * pairs, 2 * pairs));
        parameters().forEach(p -> p.setRequiresGradient(true));
    }

    List<NDArray> parameters() {
        List<NDArray> p = new ArrayList<>();
        p.add(embed);
        for (int l = 0; l < wqkv.size(); l++) {
            p.add(wqkv.get(l));
            p.add(wo.get(l));
        }
        p.add(readout);
        return p;
    }

    long parameterCount() {
        return parameters().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** The token features (P, 2N, d + 2) of the prompts, as described in the class comment. */
    float[] tokens(IclPrompts p) {
        int f = dim + 2;
        int t = 2 * pairs;
        float[] out = new float[p.count() * t * f];
        for (int q = 0; q < p.count(); q++) {
            for (int j = 0; j < pairs; j++) {
                int src = (q * pairs + j) * dim;
                int pair = (q * t + j) * f;
                int query = (q * t + pairs + j) * f;
                System.arraycopy(p.x(), src, out, pair, dim);
                System.arraycopy(p.x(), src, out, query, dim);
                out[pair + dim] = p.y()[q * pairs + j];
                out[pair + dim + 1] = 1;
            }
        }
        return out;
    }

    Shape tokenShape(int prompts) {
        return new Shape(prompts, 2L * pairs, dim + 2);
    }

    /** Predictions (P, N): entry i is the prediction of y_i from the i pairs before it. */
    NDArray forward(NDArray tokens) {
        long b = tokens.getShape().get(0);
        long t = 2L * pairs;
        int k = width / heads;
        NDArray h = tokens.reshape(b * t, dim + 2).matMul(embed); // (B·T, D): 2-D products are the fast path
        for (int l = 0; l < wqkv.size(); l++) {
            NDList qkv = h.matMul(wqkv.get(l)).reshape(b, t, heads, 3L * k).transpose(0, 2, 1, 3).split(3, 3); // 3 × (B,H,T,k)
            NDArray q = qkv.get(0);
            NDArray kk = qkv.get(1);
            NDArray v = qkv.get(2);
            NDArray scores = q.matMul(kk.transpose(0, 1, 3, 2)).mul(mask); // (B,H,T,T), no softmax
            NDArray o = scores.matMul(v).transpose(0, 2, 1, 3).reshape(b * t, width); // (B·T, D)
            h = h.add(o.matMul(wo.get(l)));
        }
        return h.matMul(readout).reshape(b, t).get(":, " + pairs + ":");
    }

    /** Query i sees pairs 0..i−1 and itself; pair j sees pairs 0..j. Allowed entries hold 1/N. */
    private static float[] maskValues(int pairs) {
        int t = 2 * pairs;
        float[] m = new float[t * t];
        float v = 1f / pairs;
        for (int j = 0; j < pairs; j++) {
            for (int i = 0; i <= j; i++) {
                m[j * t + i] = v;
            }
            int query = pairs + j;
            for (int i = 0; i < j; i++) {
                m[query * t + i] = v;
            }
            m[query * t + query] = v;
        }
        return m;
    }

    private static NDArray gaussian(NDManager m, Random rnd, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return m.create(v, shape);
    }
}
