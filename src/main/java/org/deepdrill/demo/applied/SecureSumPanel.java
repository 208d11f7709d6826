package org.deepdrill.demo.applied;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The secure-aggregation panel: the last round's real client updates, weighted by sample count,
 * summed under pairwise masks; the exactness of the sum; recovery after a dropout; and the
 * "multiply by a public random vector" scheme, which the server simply divides out.
 */
final class SecureSumPanel {
    private SecureSumPanel() {
    }

    static void show(LegacyContext ctx, float[][] updates, int[] sizes, long seed) {
        List<float[]> xs = new ArrayList<>();
        for (int k = 0; k < updates.length; k++) {
            if (updates[k] != null) {
                float[] w = new float[updates[k].length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = updates[k][i] * sizes[k]; // client k contributes n_k·Δ_k
                }
                xs.add(w);
            }
        }
        int k = xs.size();
        int len = xs.get(0).length;
        Random rnd = new Random(seed);
        int threshold = k / 2 + 1;
        SecureAggregation sa = new SecureAggregation(k, len, threshold, rnd);
        long[][] q = new long[k][];
        long[][] y = new long[k][];
        for (int i = 0; i < k; i++) {
            q[i] = SecureAggregation.encode(xs.get(i));
            y[i] = sa.masked(i, q[i]);
        }
        long[] trueSum = new long[len];
        long[] maskedSum = new long[len];
        double floatErr = 0;
        for (int c = 0; c < len; c++) {
            double f = 0;
            for (int i = 0; i < k; i++) {
                trueSum[c] += q[i][c];
                maskedSum[c] += y[i][c];
                f += xs.get(i)[c];
            }
            floatErr = Math.max(floatErr, Math.abs(SecureAggregation.decode(maskedSum[c]) - f));
        }
        int wrongFull = differing(maskedSum, trueSum);
        double maxCorr = 0;
        for (int i = 0; i < k; i++) {
            maxCorr = Math.max(maxCorr, Math.abs(correlation(y[i], xs.get(i))));
        }

        // Client d drops after the masks were agreed, before sending.
        int d = k - 1;
        boolean[] alive = new boolean[k];
        java.util.Arrays.fill(alive, true);
        alive[d] = false;
        long[] survivorsTrue = new long[len];
        long[] survivorsMasked = new long[len];
        for (int c = 0; c < len; c++) {
            for (int i = 0; i < k; i++) {
                if (alive[i]) {
                    survivorsTrue[c] += q[i][c];
                    survivorsMasked[c] += y[i][c];
                }
            }
        }
        int wrongNoRecovery = differing(survivorsMasked, survivorsTrue);
        long[] residual = sa.residualMaskOf(d, alive);
        long[] recovered = new long[len];
        for (int c = 0; c < len; c++) {
            recovered[c] = survivorsMasked[c] - residual[c];
        }
        int wrongRecovered = differing(recovered, survivorsTrue);

        // The public-vector "masking": y = x ⊙ r with r known to the server.
        float[] x0 = xs.get(0);
        float[] r = new float[len];
        double relErr = 0;
        double[] seen = new double[len];
        double[] back = new double[len];
        double[] truth = new double[len];
        double[] maskedView = new double[len];
        for (int c = 0; c < len; c++) {
            r[c] = 0.5f + 1.5f * rnd.nextFloat();
            float sent = x0[c] * r[c];
            float undone = sent / r[c];
            relErr = Math.max(relErr, Math.abs(undone - x0[c]) / Math.max(Math.abs(x0[c]), 1e-6));
            truth[c] = x0[c];
            seen[c] = sent;
            back[c] = undone;
            maskedView[c] = y[0][c] / 0x1p63; // as a fraction of the ring's half-range
        }
        ctx.chart(Chart.scatter("secagg-masked", "Client 0 under pairwise masks: what the server receives vs the true update",
                "true coordinate of n·Δ", "received / 2^63", List.of(new Series("pairwise-masked", truth, maskedView))));
        ctx.chart(Chart.scatter("secagg-public", "Client 0 under a public random vector: received, and divided back",
                "true coordinate of n·Δ", "value", List.of(new Series("received x ⊙ r", truth, seen),
                        new Series("server's r⁻¹ ⊙ received", truth, back))));
        ctx.table(new Table("secure-sum", "Secure sum of " + k + " client updates (" + len + " coordinates, Z_2^64, "
                + "fixed point 2^-24, Shamir threshold " + threshold + " of " + k + ")",
                List.of("check", "value"),
                List.of(List.of("coordinates where Σ masked ≠ Σ true (all clients)", Integer.toString(wrongFull)),
                        List.of("max |decoded secure sum − float sum|", Claim.num(floatErr)),
                        List.of("max |corr(masked update, true update)| over clients", Claim.num(maxCorr)),
                        List.of("client " + d + " drops: coordinates wrong without recovery", wrongNoRecovery + " of " + len),
                        List.of("…after rebuilding its pair masks from " + threshold + " shares each", Integer.toString(wrongRecovered)),
                        List.of("public-vector scheme: max relative error of the server's recovery", Claim.num(relErr)))));
        ctx.claim(new Claim("Secure sum is exact: coordinates where the sum of masked updates differs from the true sum",
                wrongFull, "= 0", wrongFull == 0));
        ctx.claim(Claim.atMost("The server learns nothing from one masked update: max |correlation| with the true update",
                maxCorr, 0.2));
        ctx.claim(Claim.atLeast("A dropout breaks the sum without recovery: fraction of wrong coordinates",
                (double) wrongNoRecovery / len, 0.99));
        ctx.claim(new Claim("After rebuilding the dropped client's masks from Shamir shares, wrong coordinates",
                wrongRecovered, "= 0", wrongRecovered == 0));
        ctx.claim(Claim.atMost("Multiplying by a public random vector hides nothing: relative error of the server's recovery",
                relErr, 1e-5));
        ctx.note("Secure aggregation here is simplified. A trusted set-up draws each pair seed and deals its Shamir shares; "
                + "in the real protocol every pair derives its seed by Diffie–Hellman key agreement and each client "
                + "secret-shares its own key, plus a self-mask (double masking) so a client that was only late cannot be "
                + "unmasked. The PRG is SplittableRandom, not a cryptographic one such as AES-CTR, and there is no "
                + "authentication or defence against a malicious server. The arithmetic is the real one: fixed point in "
                + "Z_2^64, so the masks cancel exactly, not approximately.");
    }

    private static int differing(long[] a, long[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        return n;
    }

    private static double correlation(long[] masked, float[] truth) {
        int n = truth.length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = masked[i]; // a signed view of the ring element
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += truth[i] / (double) n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (truth[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (truth[i] - mb) * (truth[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
