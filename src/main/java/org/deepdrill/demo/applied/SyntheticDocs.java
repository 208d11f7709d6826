package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Documents of word ids drawn from a Zipfian vocabulary, and edited copies of them: each position is
 * substituted, deleted or followed by an inserted word with probability e. The edit rate of each copy
 * is chosen so that its expected 3-shingle Jaccard with the original is spread evenly over [0, 1];
 * a share of the copies is left exact.
 */
final class SyntheticDocs {
    static final int VOCABULARY = 5000;
    private static final double ZIPF = 1.1;
    private final double[] cdf = new double[VOCABULARY];
    private final Random rnd;

    SyntheticDocs(Random rnd) {
        this.rnd = rnd;
        double sum = 0;
        for (int w = 0; w < VOCABULARY; w++) {
            sum += 1 / Math.pow(w + 1, ZIPF);
            cdf[w] = sum;
        }
        for (int w = 0; w < VOCABULARY; w++) {
            cdf[w] /= sum;
        }
    }

    int word() {
        int i = Arrays.binarySearch(cdf, rnd.nextDouble());
        return Math.min(VOCABULARY - 1, i < 0 ? -i - 1 : i);
    }

    /** A document of 100 to 300 words. */
    int[] document() {
        int[] d = new int[100 + rnd.nextInt(201)];
        for (int i = 0; i < d.length; i++) {
            d[i] = word();
        }
        return d;
    }

    /** A copy with every position edited with probability {@code rate}: 70% substitutions, 15% deletions, 15% insertions. */
    int[] edit(int[] doc, double rate) {
        List<Integer> out = new ArrayList<>(doc.length + 16);
        for (int w : doc) {
            if (rnd.nextDouble() >= rate) {
                out.add(w);
                continue;
            }
            double kind = rnd.nextDouble();
            if (kind < 0.7) {
                out.add(word());
            } else if (kind >= 0.85) {
                out.add(w);
                out.add(word());
            } // else: deleted
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The edit rate whose expected 3-shingle Jaccard is {@code target}: a shingle survives when its
     * three words do, (1 − e)^3, and J = kept / (2 − kept).
     */
    static double rateFor(double target) {
        double kept = 2 * target / (1 + target);
        return 1 - Math.cbrt(kept);
    }
}
