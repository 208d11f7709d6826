package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.train.OneThread;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Part 2 of the pre-training data demo: a tiny next-token model trained on a stream in which some
 * sequences appear once, some 4 times and some 16 times, then the per-token loss of each group and
 * of held-out sequences. Optionally the stream is MinHash-deduplicated first (a break).
 */
final class Memorisation {
    static final int[] DISTINCT = {1536, 64, 32};
    static final int HELD_OUT = 256;
    static final int HIDDEN = 128;
    static final int BATCH = 256;
    static final double LR = 3e-3;
    /** Sequences per group scored at each check during training (every one is scored at the end). */
    private static final int TRACKED = 64;
    static final String[] NAMES = {"seen 1×", "seen 4×", "seen 16×", "held-out"};

    private Memorisation() {
    }

    /**
     * Final loss per group (seen 1×, 4×, 16×, held-out), the chain's entropy rate, the stream size
     * before and after deduplication, and the curves: check steps, training loss, loss per group.
     */
    record Result(double[] loss, double entropy, int streamSequences, int trainedSequences, double[] checkSteps,
                  double[] trainLoss, double[][] groupCurves) {
    }

    static Result run(int steps, boolean dedupFirst, long seed, DemoContext ctx, String chart) {
        Engine.getInstance().setRandomSeed((int) seed);
        Random rnd = new Random(seed * 31 + 7);
        RepeatCorpus corpus = new RepeatCorpus(DISTINCT, HELD_OUT, rnd);
        List<int[]> stream = corpus.stream();
        List<int[]> trained = dedupFirst
                ? DedupScan.deduplicate(stream, 4, DedupScan.HASHES, DedupScan.BANDS, DedupScan.ROWS, seed * 13 + 5) : stream;
        int[][] train = RepeatCorpus.examples(trained);
        List<int[][]> groups = new ArrayList<>();
        List<int[][]> tracked = new ArrayList<>();
        for (List<int[]> g : corpus.groups) {
            groups.add(RepeatCorpus.examples(g));
            tracked.add(RepeatCorpus.examples(g.subList(0, Math.min(TRACKED, g.size()))));
        }
        groups.add(RepeatCorpus.examples(corpus.heldOut));
        tracked.add(RepeatCorpus.examples(corpus.heldOut.subList(0, TRACKED)));

        NDManager m = ctx.manager();
        NextTokenMlp lm = new NextTokenMlp(m, HIDDEN, new Random(seed + 3));
        UpdateRule adam = UpdateRule.adam();
        int every = Math.max(1, steps / 20);
        List<double[]> curve = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        int cursor = 0;
        double smooth = Double.NaN;
        try (OneThread one = OneThread.on(ctx)) {
            for (int step = 1; step <= steps; step++) {
                ctx.checkCancelled();
                int[] rows = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    if (cursor == order.size()) {
                        order.clear();
                        for (int e = 0; e < train[1].length; e++) {
                            order.add(e);
                        }
                        Collections.shuffle(order, rnd);
                        cursor = 0;
                    }
                    rows[i] = order.get(cursor++);
                }
                double loss = ctx.checkFinite("loss", lm.step(m, train, rows, adam, LR));
                smooth = Double.isNaN(smooth) ? loss : 0.9 * smooth + 0.1 * loss;
                if (step == 1 || step % every == 0 || step == steps) {
                    double[] row = new double[2 + groups.size()];
                    row[0] = step;
                    row[1] = smooth;
                    ctx.point(chart, "training batches", step, smooth);
                    for (int g = 0; g < groups.size(); g++) {
                        row[2 + g] = lm.meanLoss(m, tracked.get(g));
                        ctx.point(chart, NAMES[g], step, row[2 + g]);
                    }
                    curve.add(row);
                    ctx.progress(step, steps, "step " + step);
                }
            }
            double[] loss = new double[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                loss[g] = lm.meanLoss(m, groups.get(g));
            }
            double[][] curves = new double[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                curves[g] = column(curve, 2 + g);
            }
            return new Result(loss, corpus.entropy, stream.size(), trained.size(), column(curve, 0), column(curve, 1), curves);
        }
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }
}
