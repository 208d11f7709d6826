package org.deepdrill.demo.lib.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A stochastic block model: n nodes in k equal blocks, an edge inside a block with probability pIn
 * and across blocks with pOut. Node features are the block's mean vector (norm ≈ signal·√F) plus
 * unit Gaussian noise, so features alone are a weak, noisy hint of the block.
 */
public final class BlockGraph {
    public final int nodes;
    public final int blocks;
    public final int[] block;
    /** Undirected edges as (u, v) with u < v. */
    public final List<int[]> edges;
    /** features[i][f]. */
    public final float[][] features;

    private BlockGraph(int nodes, int blocks, int[] block, List<int[]> edges, float[][] features) {
        this.nodes = nodes;
        this.blocks = blocks;
        this.block = block;
        this.edges = edges;
        this.features = features;
    }

    public static BlockGraph generate(int n, int k, double pIn, double pOut, int featureDim, double signal, long seed) {
        Random rnd = new Random(seed);
        int[] block = new int[n];
        for (int i = 0; i < n; i++) {
            block[i] = i * k / n;
        }
        List<int[]> edges = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            for (int v = u + 1; v < n; v++) {
                double p = block[u] == block[v] ? pIn : pOut;
                if (rnd.nextDouble() < p) {
                    edges.add(new int[] {u, v});
                }
            }
        }
        double[][] means = new double[k][featureDim];
        for (int b = 0; b < k; b++) {
            for (int f = 0; f < featureDim; f++) {
                means[b][f] = signal * rnd.nextGaussian();
            }
        }
        float[][] x = new float[n][featureDim];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < featureDim; f++) {
                x[i][f] = (float) (means[block[i]][f] + rnd.nextGaussian());
            }
        }
        return new BlockGraph(n, k, block, edges, x);
    }
}
