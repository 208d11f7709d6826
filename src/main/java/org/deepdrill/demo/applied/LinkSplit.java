package org.deepdrill.demo.applied;

import org.deepdrill.demo.lib.data.BlockGraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A held-out edge split: a fraction of the edges is removed from the graph the models and heuristics
 * see, and paired with as many node pairs that are not edges. Also the classic neighbourhood scores.
 */
final class LinkSplit {
    final List<int[]> trainEdges = new ArrayList<>();
    final List<int[]> testPos = new ArrayList<>();
    final List<int[]> testNeg = new ArrayList<>();
    final List<Set<Integer>> neighbours = new ArrayList<>();
    private final int nodes;

    LinkSplit(BlockGraph g, double testFraction, Random rnd) {
        this.nodes = g.nodes;
        List<int[]> shuffled = new ArrayList<>(g.edges);
        Collections.shuffle(shuffled, rnd);
        int nTest = (int) Math.round(testFraction * shuffled.size());
        Set<Long> all = new HashSet<>();
        for (int[] e : g.edges) {
            all.add(key(e[0], e[1]));
        }
        testPos.addAll(shuffled.subList(0, nTest));
        trainEdges.addAll(shuffled.subList(nTest, shuffled.size()));
        while (testNeg.size() < nTest) {
            int u = rnd.nextInt(nodes);
            int v = rnd.nextInt(nodes);
            if (u != v && !all.contains(key(u, v))) {
                testNeg.add(new int[] {Math.min(u, v), Math.max(u, v)});
            }
        }
        for (int i = 0; i < nodes; i++) {
            neighbours.add(new HashSet<>());
        }
        for (int[] e : trainEdges) {
            neighbours.get(e[0]).add(e[1]);
            neighbours.get(e[1]).add(e[0]);
        }
    }

    static long key(int u, int v) {
        return (long) Math.min(u, v) * 1_000_003L + Math.max(u, v);
    }

    /** The training graph's adjacency, symmetric, row-major (N·N). */
    float[] adjacency() {
        float[] a = new float[nodes * nodes];
        for (int[] e : trainEdges) {
            a[e[0] * nodes + e[1]] = 1f;
            a[e[1] * nodes + e[0]] = 1f;
        }
        return a;
    }

    double adamicAdar(int u, int v) {
        double s = 0;
        for (int w : neighbours.get(u)) {
            if (neighbours.get(v).contains(w)) {
                s += 1 / Math.log(Math.max(2, neighbours.get(w).size()));
            }
        }
        return s;
    }

    double jaccard(int u, int v) {
        int common = 0;
        for (int w : neighbours.get(u)) {
            if (neighbours.get(v).contains(w)) {
                common++;
            }
        }
        int union = neighbours.get(u).size() + neighbours.get(v).size() - common;
        return union == 0 ? 0 : (double) common / union;
    }

    double preferentialAttachment(int u, int v) {
        return (double) neighbours.get(u).size() * neighbours.get(v).size();
    }
}
