package org.deepdrill.demo.optim;

import java.util.Random;

/**
 * Speculative sampling over a batch of sequences (Leviathan et al., 2023; Chen et al., 2023). Each
 * round the draft proposes γ tokens one at a time, the target scores all γ + 1 contexts in one
 * pass, and each sequence keeps the longest accepted prefix plus one token from the target. Both
 * models see the last two tokens at most, so each is given as its table of next-token probabilities
 * over the V² contexts (a, b), row a·V + b, and a sequence's state is its context. Every emitted
 * token is counted under its context, for the test against the target's exact conditionals.
 */
final class SpecDecoder {
    /** How drafted tokens are accepted, and what replaces the first rejected one. */
    enum Rule {
        /** Accept x with probability min(1, p(x)/q(x)); on rejection draw from norm(max(0, p − q)). */
        SPECULATIVE,
        /** Accept x only if it is the target's arg-max; otherwise emit the arg-max. Exact only for greedy decoding. */
        GREEDY_MATCH,
        /** The min(1, p/q) test, but a rejection draws a fresh token from p instead of the residual. */
        TARGET_ON_REJECT,
        /** Accept x with probability p(x), ignoring q; a rejection still draws from the residual. */
        ACCEPT_WITH_P
    }

    /**
     * What a run did: drafted and accepted tokens, the acceptance the two models predict at the
     * positions that were reached (Σ_x min(p, q) summed over them), tokens emitted, model passes
     * (per sequence) and the next-token counts per context, flat (a·V + b)·V + x.
     */
    record Stats(long drafted, long accepted, double predictedAccepted, long emitted, long targetPasses,
                 long draftPasses, long[] counts) {
        double acceptance() {
            return (double) accepted / drafted;
        }

        double predictedAcceptance() {
            return predictedAccepted / drafted;
        }

        double tokensPerTargetPass() {
            return (double) emitted / targetPasses;
        }
    }

    private final float[] draft;
    private final float[] target;
    private final int v;

    SpecDecoder(float[] draft, float[] target, int vocab) {
        this.draft = draft;
        this.target = target;
        this.v = vocab;
    }

    /** {@code rounds} rounds of γ drafted tokens for every sequence started at (prev, last). */
    Stats speculative(int[] prev, int[] last, int gamma, int rounds, Rule rule, boolean bonus, Random rnd) {
        int n = prev.length;
        long[] counts = new long[v * v * v];
        long drafted = 0;
        long accepted = 0;
        double predicted = 0;
        long emitted = 0;
        int[] drafts = new int[gamma];
        int[] contexts = new int[gamma + 1];
        for (int j = 0; j < n; j++) {
            int a = prev[j];
            int b = last[j];
            for (int r = 0; r < rounds; r++) {
                // The draft proposes γ tokens; context i is the one token i is drawn under.
                int ca = a;
                int cb = b;
                for (int i = 0; i < gamma; i++) {
                    contexts[i] = ca * v + cb;
                    drafts[i] = Probs.sample(draft, contexts[i], v, rnd);
                    ca = cb;
                    cb = drafts[i];
                }
                contexts[gamma] = ca * v + cb;
                // The target's one pass scores all γ + 1 contexts; accept left to right.
                boolean all = true;
                for (int i = 0; i < gamma && all; i++) {
                    int c = contexts[i];
                    int x = drafts[i];
                    drafted++;
                    predicted += Probs.overlap(target, c, draft, c, v);
                    int out;
                    if (accept(rule, c, x, rnd)) {
                        accepted++;
                        out = x;
                    } else {
                        out = replacement(rule, c, rnd);
                        all = false;
                    }
                    counts[(a * v + b) * v + out]++;
                    a = b;
                    b = out;
                    emitted++;
                }
                if (all && bonus) {
                    int c = contexts[gamma];
                    int out = rule == Rule.GREEDY_MATCH ? Probs.argMax(target, c, v) : Probs.sample(target, c, v, rnd);
                    counts[(a * v + b) * v + out]++;
                    a = b;
                    b = out;
                    emitted++;
                }
            }
        }
        return new Stats(drafted, accepted, predicted, emitted, (long) rounds * n, (long) rounds * n * gamma, counts);
    }

    /** Plain ancestral sampling from the target: one pass per token, {@code steps} tokens per sequence. */
    Stats plain(int[] prev, int[] last, int steps, Random rnd) {
        int n = prev.length;
        long[] counts = new long[v * v * v];
        for (int j = 0; j < n; j++) {
            int a = prev[j];
            int b = last[j];
            for (int t = 0; t < steps; t++) {
                int out = Probs.sample(target, a * v + b, v, rnd);
                counts[(a * v + b) * v + out]++;
                a = b;
                b = out;
            }
        }
        return new Stats(0, 0, 0, (long) steps * n, (long) steps * n, 0, counts);
    }

    private boolean accept(Rule rule, int c, int x, Random rnd) {
        return switch (rule) {
            case SPECULATIVE, TARGET_ON_REJECT -> rnd.nextDouble() * draft[c * v + x] < target[c * v + x]; // u < p/q
            case GREEDY_MATCH -> x == Probs.argMax(target, c, v);
            case ACCEPT_WITH_P -> rnd.nextDouble() < target[c * v + x]; // u < p, the slip
        };
    }

    /** The token emitted in place of a rejected draft under context c. */
    private int replacement(Rule rule, int c, Random rnd) {
        return switch (rule) {
            case SPECULATIVE, ACCEPT_WITH_P -> {
                float[] residual = new float[v];
                double total = 0;
                for (int y = 0; y < v; y++) {
                    residual[y] = Math.max(0, target[c * v + y] - draft[c * v + y]);
                    total += residual[y];
                }
                // p = q leaves no residual, but then a rejection cannot happen either.
                yield total > 0 ? Probs.sample(residual, 0, v, rnd) : Probs.sample(target, c, v, rnd);
            }
            case GREEDY_MATCH -> Probs.argMax(target, c, v);
            case TARGET_ON_REJECT -> Probs.sample(target, c, v, rnd);
        };
    }
}
