package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Part 1 of the pre-training data demo: a collection of documents and edited copies, every pair's
 * exact 3-shingle Jaccard, MinHash estimates, and which pairs the detector flags. The detector is
 * MinHash LSH, or (the break) a hash of the whole document.
 */
final class DedupScan {
    static final int SHINGLE = 3;
    /** MinHash signature length, read by LSH as BANDS bands of ROWS rows. */
    static final int HASHES = 120;
    static final int BANDS = 20;
    static final int ROWS = 6;
    static final int BINS = 10;
    static final double HIGH = 0.8;
    static final double LOW = 0.3;
    static final double EXACT_SHARE = 0.1;

    private DedupScan() {
    }

    /**
     * Per edited pair: true Jaccard and the estimates from all and from the first {@code few} hashes.
     * Per similarity bin over all pairs of documents: pairs, flagged pairs, expected flags Σ P(s) and
     * their binomial variance Σ P(1 − P). Recall above {@link #HIGH} and flag rate below {@link #LOW}
     * on the edited pairs.
     */
    record Result(int documents, long allPairs, int hashes, int few, int bands, int rows, double[] trueJ,
                  double[] estimate, double[] estimateFew, double[] binPairs, double[] binFlagged, double[] binExpected,
                  double[] binVariance, int highPairs, int highFound, int lowPairs, int lowFlagged, int exactCopies,
                  int flaggedPairs) {
    }

    static Result run(int originals, int hashes, int bands, int rows, boolean exactOnly, long seed) {
        Random rnd = new Random(seed);
        SyntheticDocs gen = new SyntheticDocs(rnd);
        List<int[]> docs = new ArrayList<>();
        int exact = 0;
        for (int i = 0; i < originals; i++) {
            int[] d = gen.document();
            boolean copy = rnd.nextDouble() < EXACT_SHARE;
            exact += copy ? 1 : 0;
            docs.add(d);
            docs.add(copy ? d.clone() : gen.edit(d, SyntheticDocs.rateFor(rnd.nextDouble())));
        }
        int n = docs.size();
        MinHash mh = new MinHash(hashes, seed * 7_919 + 1);
        List<long[]> sets = new ArrayList<>();
        List<long[]> sigs = new ArrayList<>();
        long[] whole = new long[n];
        for (int d = 0; d < n; d++) {
            long[] s = MinHash.shingles(docs.get(d), SHINGLE);
            sets.add(s);
            sigs.add(mh.signature(s));
            whole[d] = wholeHash(docs.get(d));
        }
        Set<Long> lsh = exactOnly ? Set.of() : MinHash.candidates(sigs, bands, rows);
        int few = hashes / 8;
        double[] trueJ = new double[originals];
        double[] est = new double[originals];
        double[] estFew = new double[originals];
        int highPairs = 0;
        int highFound = 0;
        int lowPairs = 0;
        int lowFlagged = 0;
        for (int i = 0; i < originals; i++) {
            int x = 2 * i;
            int y = 2 * i + 1;
            trueJ[i] = MinHash.jaccard(sets.get(x), sets.get(y));
            est[i] = MinHash.estimate(sigs.get(x), sigs.get(y), hashes);
            estFew[i] = MinHash.estimate(sigs.get(x), sigs.get(y), few);
            boolean flagged = flagged(x, y, n, lsh, whole, exactOnly);
            if (trueJ[i] >= HIGH) {
                highPairs++;
                highFound += flagged ? 1 : 0;
            } else if (trueJ[i] < LOW) {
                lowPairs++;
                lowFlagged += flagged ? 1 : 0;
            }
        }
        int[] shared = sharedShingles(sets);
        double[] pairs = new double[BINS];
        double[] flags = new double[BINS];
        double[] expected = new double[BINS];
        double[] variance = new double[BINS];
        int flaggedPairs = 0;
        for (int x = 0; x < n; x++) {
            for (int y = x + 1; y < n; y++) {
                int both = shared[x * n + y];
                double s = (double) both / (sets.get(x).length + sets.get(y).length - both);
                int bin = Math.min(BINS - 1, (int) (s * BINS));
                double p = MinHash.flagProbability(s, bands, rows);
                boolean f = flagged(x, y, n, lsh, whole, exactOnly);
                pairs[bin]++;
                flags[bin] += f ? 1 : 0;
                flaggedPairs += f ? 1 : 0;
                expected[bin] += p;
                variance[bin] += p * (1 - p);
            }
        }
        return new Result(n, (long) n * (n - 1) / 2, hashes, few, bands, rows, trueJ, est, estFew, pairs, flags, expected,
                variance, highPairs, highFound, lowPairs, lowFlagged, exact, flaggedPairs);
    }

    /**
     * |A ∩ B| for every pair of sets at once, at [x·n + y] with x &lt; y: an inverted index from each
     * shingle to the documents holding it, so pairs sharing nothing cost nothing.
     */
    static int[] sharedShingles(List<long[]> sets) {
        int n = sets.size();
        java.util.Map<Long, List<Integer>> index = new java.util.HashMap<>();
        for (int d = 0; d < n; d++) {
            for (long s : sets.get(d)) {
                index.computeIfAbsent(s, k -> new ArrayList<>(2)).add(d);
            }
        }
        int[] shared = new int[n * n];
        for (List<Integer> holders : index.values()) {
            for (int i = 0; i < holders.size(); i++) {
                for (int j = i + 1; j < holders.size(); j++) {
                    shared[holders.get(i) * n + holders.get(j)]++;
                }
            }
        }
        return shared;
    }

    private static boolean flagged(int x, int y, int n, Set<Long> lsh, long[] whole, boolean exactOnly) {
        return exactOnly ? whole[x] == whole[y] : lsh.contains(MinHash.pairKey(x, y, n));
    }

    /** A 64-bit hash of the whole word sequence: what exact deduplication compares. */
    static long wholeHash(int[] doc) {
        long h = doc.length;
        for (int w : doc) {
            h = MinHash.mix(h ^ (w + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** Largest |flagged − expected| / max(1, binomial s.d.) over the bins. */
    static double worstDeviation(double[] flagged, double[] expected, double[] variance) {
        double worst = 0;
        for (int b = 0; b < flagged.length; b++) {
            worst = Math.max(worst, Math.abs(flagged[b] - expected[b]) / Math.max(1, Math.sqrt(variance[b])));
        }
        return worst;
    }

    static double meanAbsError(double[] truth, double[] est) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum += Math.abs(est[i] - truth[i]);
        }
        return sum / truth.length;
    }

    /**
     * MinHash deduplication as a pipeline runs it: LSH candidates whose signatures agree on at least
     * {@link #HIGH} of the hashes are joined into clusters, and one document of each cluster is
     * kept.
     */
    static List<int[]> deduplicate(List<int[]> docs, int width, int hashes, int bands, int rows, long seed) {
        MinHash mh = new MinHash(hashes, seed);
        List<long[]> sigs = new ArrayList<>();
        for (int[] d : docs) {
            sigs.add(mh.signature(MinHash.shingles(d, width)));
        }
        int n = docs.size();
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        for (long key : MinHash.candidates(sigs, bands, rows)) {
            int x = (int) (key / n);
            int y = (int) (key % n);
            if (MinHash.estimate(sigs.get(x), sigs.get(y), hashes) >= HIGH) {
                root[find(root, y)] = find(root, x);
            }
        }
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (find(root, i) == i) {
                kept.add(docs.get(i));
            }
        }
        return kept;
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }
}
