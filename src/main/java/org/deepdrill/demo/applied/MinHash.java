package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * MinHash signatures and LSH banding (Broder, 1997). A document is a sorted set of shingle hashes;
 * hash function i maps x to (a_i·x + b_i) mod (2^61 − 1), and the signature keeps the minimum of
 * each function over the set. Two signatures agree in position i with probability equal to the
 * Jaccard similarity of the two sets.
 */
final class MinHash {
    static final long PRIME = (1L << 61) - 1;
    private final long[] a;
    private final long[] b;

    MinHash(int hashes, long seed) {
        Random rnd = new Random(seed);
        a = new long[hashes];
        b = new long[hashes];
        for (int i = 0; i < hashes; i++) {
            a[i] = 1 + Math.floorMod(rnd.nextLong(), PRIME - 1);
            b[i] = Math.floorMod(rnd.nextLong(), PRIME);
        }
    }

    int size() {
        return a.length;
    }

    /** The minimum of every hash function over the set. */
    long[] signature(long[] shingles) {
        long[] xs = new long[shingles.length];
        for (int j = 0; j < xs.length; j++) {
            xs[j] = shingles[j] & PRIME;
        }
        long[] sig = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            long min = Long.MAX_VALUE;
            for (long x : xs) {
                min = Math.min(min, addMod(mulMod(a[i], x), b[i]));
            }
            sig[i] = min;
        }
        return sig;
    }

    /** Share of the first {@code k} positions where two signatures agree: the Jaccard estimate. */
    static double estimate(long[] x, long[] y, int k) {
        int same = 0;
        for (int i = 0; i < k; i++) {
            if (x[i] == y[i]) {
                same++;
            }
        }
        return (double) same / k;
    }

    /** Sorted distinct hashes of every window of {@code width} consecutive tokens. */
    static long[] shingles(int[] tokens, int width) {
        int n = Math.max(0, tokens.length - width + 1);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0x243F6A8885A308D3L;
            for (int j = 0; j < width; j++) {
                h = mix(h ^ (tokens[i + j] + 0x9E3779B97F4A7C15L));
            }
            out[i] = h;
        }
        return Arrays.stream(out).sorted().distinct().toArray();
    }

    /** |A ∩ B| / |A ∪ B| of two sorted, distinct arrays. */
    static double jaccard(long[] x, long[] y) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                both++;
                i++;
                j++;
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = x.length + y.length - both;
        return union == 0 ? 1 : (double) both / union;
    }

    /**
     * LSH: the first bands·rows positions are cut into bands of {@code rows}; two documents become a
     * candidate pair when they agree on every row of at least one band (same bucket). Pairs are
     * returned as i·n + j with i &lt; j.
     */
    static Set<Long> candidates(List<long[]> signatures, int bands, int rows) {
        int n = signatures.size();
        Set<Long> pairs = new HashSet<>();
        for (int band = 0; band < bands; band++) {
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int d = 0; d < n; d++) {
                long key = band;
                for (int r = 0; r < rows; r++) {
                    key = mix(key ^ signatures.get(d)[band * rows + r]);
                }
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
            }
            for (List<Integer> bucket : buckets.values()) {
                for (int x = 0; x < bucket.size(); x++) {
                    for (int y = x + 1; y < bucket.size(); y++) {
                        pairs.add(pairKey(bucket.get(x), bucket.get(y), n));
                    }
                }
            }
        }
        return pairs;
    }

    static long pairKey(int i, int j, int n) {
        return (long) Math.min(i, j) * n + Math.max(i, j);
    }

    /** The chance that LSH flags a pair of similarity s: 1 − (1 − s^r)^b. */
    static double flagProbability(double s, int bands, int rows) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    /** x·y mod 2^61 − 1 for x, y below the prime. */
    static long mulMod(long x, long y) {
        long hi = Math.multiplyHigh(x, y);
        long lo = x * y;
        long low61 = lo & PRIME;
        long high = (lo >>> 61) | (hi << 3);
        long r = low61 + high;
        return r >= PRIME ? r - PRIME : r;
    }

    private static long addMod(long x, long y) {
        long r = x + y;
        return r >= PRIME ? r - PRIME : r;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
