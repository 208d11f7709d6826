package org.deepdrill.demo.applied;

import java.math.BigInteger;
import java.util.Random;

/**
 * t-of-n Shamir secret sharing over the prime field GF(2^61 − 1): the secret is f(0) of a random
 * polynomial of degree t−1, share i is f(i). Any t shares give f(0) by Lagrange interpolation;
 * t−1 shares are consistent with every secret.
 */
final class Shamir {
    static final BigInteger P = BigInteger.ONE.shiftLeft(61).subtract(BigInteger.ONE);

    private Shamir() {
    }

    /** Shares f(1..n) of {@code secret} (0 ≤ secret < P). */
    static long[] split(long secret, int n, int t, Random rnd) {
        BigInteger[] coef = new BigInteger[t];
        coef[0] = BigInteger.valueOf(secret);
        for (int i = 1; i < t; i++) {
            coef[i] = BigInteger.valueOf(rnd.nextLong() & Long.MAX_VALUE).mod(P);
        }
        long[] shares = new long[n];
        for (int x = 1; x <= n; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = t - 1; i >= 0; i--) {
                y = y.multiply(bx).add(coef[i]).mod(P); // Horner
            }
            shares[x - 1] = y.longValueExact();
        }
        return shares;
    }

    /** f(0) from shares at the given x positions (1-based). */
    static long reconstruct(int[] xs, long[] ys) {
        BigInteger secret = BigInteger.ZERO;
        for (int i = 0; i < xs.length; i++) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    num = num.multiply(BigInteger.valueOf(-xs[j])).mod(P);
                    den = den.multiply(BigInteger.valueOf(xs[i] - xs[j])).mod(P);
                }
            }
            BigInteger term = BigInteger.valueOf(ys[i]).multiply(num).multiply(den.modInverse(P)).mod(P);
            secret = secret.add(term).mod(P);
        }
        return secret.longValueExact();
    }
}
