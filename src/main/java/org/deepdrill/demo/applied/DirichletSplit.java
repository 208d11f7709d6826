package org.deepdrill.demo.applied;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Label-skewed client split: for every class, the shares of its samples across the K clients are
 * drawn from Dirichlet(α,…,α). Small α gives each client a few classes; large α approaches IID.
 */
final class DirichletSplit {
    private DirichletSplit() {
    }

    /**
     * Returns, per client, the indices of its samples. Every client gets at least {@code minPerClient}:
     * the split is redrawn up to 50 times, then the largest clients hand samples to the short ones.
     */
    static List<List<Integer>> split(int[] labels, int classes, int clients, double alpha, int minPerClient, Random rnd) {
        for (int attempt = 0; ; attempt++) {
            List<List<Integer>> out = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                out.add(new ArrayList<>());
            }
            for (int c = 0; c < classes; c++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] == c) {
                        members.add(i);
                    }
                }
                java.util.Collections.shuffle(members, rnd);
                double[] share = dirichlet(clients, alpha, rnd);
                int start = 0;
                double cum = 0;
                for (int k = 0; k < clients; k++) {
                    cum += share[k];
                    int end = k == clients - 1 ? members.size() : (int) Math.round(cum * members.size());
                    out.get(k).addAll(members.subList(start, Math.max(start, end)));
                    start = Math.max(start, end);
                }
            }
            boolean ok = out.stream().allMatch(l -> l.size() >= minPerClient);
            if (ok) {
                return out;
            }
            if (attempt >= 50) {
                return topUp(out, minPerClient);
            }
        }
    }

    private static List<List<Integer>> topUp(List<List<Integer>> clients, int min) {
        for (List<Integer> shortOne : clients) {
            while (shortOne.size() < min) {
                List<Integer> largest = clients.get(0);
                for (List<Integer> c : clients) {
                    largest = c.size() > largest.size() ? c : largest;
                }
                shortOne.add(largest.remove(largest.size() - 1));
            }
        }
        return clients;
    }

    static double[] dirichlet(int k, double alpha, Random rnd) {
        double[] g = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, rnd);
            s += g[i];
        }
        for (int i = 0; i < k; i++) {
            g[i] /= s;
        }
        return g;
    }

    /** Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use Gamma(shape+1)·U^(1/shape). */
    static double gamma(double shape, Random rnd) {
        if (shape < 1) {
            return gamma(shape + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
