package org.deepdrill.demo.applied;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Q45: pre-training data. Part 1 finds near-duplicates among generated documents with MinHash and
 * LSH, and checks the estimates and the flag rates against Jaccard similarity computed exactly.
 * Part 2 trains a tiny next-token model on a stream where some sequences repeat, and measures how
 * much lower its loss is on the repeated ones than on sequences seen once.
 */
public final class PretrainingDataDemo implements Demo<PretrainingDataDemo.Setup, PretrainingDataDemo.Run> {
    public static final String ID = "pretraining-data";

    private static final DemoSpec SPEC = new DemoSpec(ID, "Pre-training data: MinHash deduplication and memorised repeats",
            "Finds near-duplicate documents with MinHash LSH and checks the estimates and flag rates against exact "
                    + "Jaccard similarity; then trains a tiny language model on a stream with repeated sequences and "
                    + "measures its loss on sequences seen once, 4 times and 16 times.",
            List.of("q45-pretraining-data"),
            List.of(ParamSpec.ofInt("pairs", "Documents with an edited copy").range(200, 500).byDefault(400).quick(200)
                            .help("each original gets one copy, edited to a similarity spread over 0 to 1 (10% exact); "
                                    + "all pairs among the documents are scored exactly"),
                    ParamSpec.ofInt("steps", "Training steps of the language model").range(400, 2000).byDefault(1000)
                            .quick(400).help("batches of " + Memorisation.BATCH + " next-token examples"),
                    ParamSpec.seed(1)));

    /** Checked parameters; {@code exactHashOnly} and {@code dedupBeforeTraining} are the two breaks. */
    public record Setup(int pairs, int steps, long seed, boolean exactHashOnly, boolean dedupBeforeTraining) {
        Setup exactOnly() {
            return new Setup(pairs, steps, seed, true, dedupBeforeTraining);
        }

        Setup dedupFirst() {
            return new Setup(pairs, steps, seed, exactHashOnly, true);
        }
    }

    /**
     * Part 1: the edited pairs' true Jaccard and estimates (all hashes, first eighth), per similarity
     * bin over all document pairs the mean similarity, pairs, flagged pairs, expected flags and their
     * variance, recall above 0.8 and flag rate below 0.3 on edited pairs. Part 2: final loss per
     * group (1×, 4×, 16×, held-out), the chain's entropy rate, stream sizes and training curves.
     */
    public record Run(int documents, long allPairs, int hashes, int few, int bands, int rows, double[] trueJ,
                      double[] estimate, double[] estimateFew, double[] binPairs, double[] binFlagged,
                      double[] binExpected, double[] binVariance, int highPairs, int highFound, int lowPairs,
                      int lowFlagged, int exactCopies, int flaggedPairs, boolean exactHashOnly, double[] groupLoss,
                      double entropy, int streamSequences, int trainedSequences, double[] checkSteps,
                      double[] trainLoss, double[][] groupCurves) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("pairs"), p.getInt("steps"), p.getInt("seed"), false, false);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("exact-hash-only", "Duplicates are found by hashing each whole document instead of MinHash LSH",
                                Setup::exactOnly)
                        .flips("near-duplicates-found", "one changed word changes the whole-document hash, so only exact "
                                + "copies are caught")
                        .flips("s-curve-matches", "pairs at similarity 0.7 to 0.99 are flagged far less often than "
                                + "1 − (1 − s^r)^b predicts")
                        .explainedIn("The common wrong answers")
                        .build(),
                Break.<Setup>of("dedup-before-training", "The training stream is MinHash-deduplicated before training: "
                                + "each repeated sequence is kept once", Setup::dedupFirst)
                        .flips("repeats-memorised", "without repeats the former 16× sequences are ordinary training data")
                        .flips("loss-falls-with-repeats", "all three groups are now seen equally often")
                        .explainedIn("What repeats do to a model")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double mae = DedupScan.meanAbsError(r.trueJ(), r.estimate());
        double maeFew = DedupScan.meanAbsError(r.trueJ(), r.estimateFew());
        double[] l = r.groupLoss();
        return List.of(
                Claim.atMost("estimate-error", "MinHash estimates Jaccard similarity: mean |estimate − exact| over the "
                        + "edited pairs, " + r.hashes() + " hashes", mae, 0.04),
                Claim.between("error-shrinks-root-k", "The error shrinks like 1/√k: mean error with " + r.few() + " hashes / "
                        + "with " + r.hashes() + " (√8 ≈ 2.83)", maeFew / mae, 2, 4),
                Claim.atMost("s-curve-matches", "LSH flags pairs as 1 − (1 − s^r)^b predicts: largest |flagged − expected| / "
                        + "max(1, s.d.) over the similarity bins", DedupScan.worstDeviation(r.binFlagged(), r.binExpected(),
                        r.binVariance()), 4),
                Claim.atLeast("near-duplicates-found", "Near-duplicates are found: share of edited pairs with Jaccard ≥ "
                        + DedupScan.HIGH + " flagged", (double) r.highFound() / r.highPairs(), 0.95),
                Claim.atMost("dissimilar-rarely-flagged", "Dissimilar pairs are rarely flagged: share of edited pairs with "
                        + "Jaccard < " + DedupScan.LOW + " flagged", (double) r.lowFlagged() / Math.max(1, r.lowPairs()), 0.05),
                Claim.atMost("repeats-memorised", "Repeated sequences are memorised: per-token loss on sequences seen 16× / "
                        + "on sequences seen once", l[2] / l[0], 0.6),
                Claim.atLeast("loss-falls-with-repeats", "Loss falls with each step of repetition: min(loss 1× − loss 4×, "
                        + "loss 4× − loss 16×) in nats", Math.min(l[0] - l[1], l[1] - l[2]), 0.1));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        // The model trains first, so the live chart starts at once; the MinHash scan follows.
        ctx.liveChart("training", "Per-token loss by how often a sequence is repeated (live)", "step", "loss (nats)", false);
        Memorisation.Result m = Memorisation.run(s.steps(), s.dedupBeforeTraining(), s.seed(), ctx, "training");
        ctx.progress(s.steps(), s.steps(), "MinHash over " + 2 * s.pairs() + " documents");
        DedupScan.Result d = DedupScan.run(s.pairs(), DedupScan.HASHES, DedupScan.BANDS, DedupScan.ROWS, s.exactHashOnly(),
                s.seed());
        return new Run(d.documents(), d.allPairs(), d.hashes(), d.few(), d.bands(), d.rows(), d.trueJ(), d.estimate(),
                d.estimateFew(), d.binPairs(), d.binFlagged(), d.binExpected(), d.binVariance(), d.highPairs(),
                d.highFound(), d.lowPairs(), d.lowFlagged(), d.exactCopies(), d.flaggedPairs(), s.exactHashOnly(),
                m.loss(), m.entropy(), m.streamSequences(), m.trainedSequences(), m.checkSteps(), m.trainLoss(),
                m.groupCurves());
    }

    @Override
    public Presentation present(Run r) {
        Presentation.Builder out = Presentation.builder();
        out.chart(sCurve(r));
        out.chart(Chart.scatter("estimates", "MinHash estimate against exact Jaccard (edited pairs)", "exact Jaccard",
                "estimate", List.of(new Series(r.hashes() + " hashes", r.trueJ(), r.estimate()),
                        new Series(r.few() + " hashes", r.trueJ(), r.estimateFew()))));
        List<Series> curves = new ArrayList<>();
        curves.add(new Series("training batches", r.checkSteps(), r.trainLoss()));
        for (int g = 0; g < Memorisation.NAMES.length; g++) {
            curves.add(new Series(Memorisation.NAMES[g], r.checkSteps(), r.groupCurves()[g]));
        }
        out.chart(Chart.line("training", "Per-token loss by how often a sequence is repeated", "step", "loss (nats)", curves));
        double[] reps = {1, 4, 16};
        double[] l = r.groupLoss();
        out.chart(Chart.line("by-repeats", "Loss after training against repeat count", "times in the training stream",
                "loss (nats)", List.of(new Series("training sequences", reps, new double[] {l[0], l[1], l[2]}),
                        new Series("held-out sequences", new double[] {1, 16}, new double[] {l[3], l[3]}),
                        new Series("entropy rate of the source", new double[] {1, 16}, new double[] {r.entropy(), r.entropy()})))
                .withLog(true, false));
        out.table(binTable(r));
        out.table(new Table("groups", "Per-token loss after training", List.of("group", "loss (nats)", "/ seen once"),
                List.of(row(Memorisation.NAMES[0], l[0], l[0]), row(Memorisation.NAMES[1], l[1], l[0]),
                        row(Memorisation.NAMES[2], l[2], l[0]), row(Memorisation.NAMES[3], l[3], l[0]))));
        return out.metric("documents / pairs scored", r.documents(), "/ " + Claim.num(r.allPairs()))
                .metric("pairs flagged", r.flaggedPairs(), r.exactHashOnly() ? "(whole-document hash)" : "(MinHash LSH)")
                .metric("edited pairs with Jaccard ≥ " + DedupScan.HIGH + " found", r.highFound(), "of " + r.highPairs())
                .metric("copies left exact (a whole-document hash finds these)", r.exactCopies(), "")
                .metric("LSH threshold (1/b)^(1/r)", Math.pow(1.0 / r.bands(), 1.0 / r.rows()), "")
                .metric("loss seen 1× / 4× / 16×", l[0], "/ " + Claim.num(l[1]) + " / " + Claim.num(l[2]) + " nats")
                .metric("loss on held-out sequences", l[3], "nats")
                .metric("sequences in the stream / trained on", r.streamSequences(), "/ " + r.trainedSequences())
                .metric("entropy rate of the source", r.entropy(), "nats per token")
                .note("Part 1: documents of 100 to 300 words from a Zipfian vocabulary of " + SyntheticDocs.VOCABULARY
                        + " words; each has one copy with substitutions, insertions and deletions at a rate that spreads the "
                        + "copies' 3-word-shingle Jaccard over 0 to 1. Exact Jaccard is computed for every pair of documents; "
                        + "MinHash uses " + r.hashes() + " seeded hashes (a·x + b) mod (2^61 − 1), LSH " + r.bands()
                        + " bands of " + r.rows() + " rows. Part 2: sequences of " + RepeatCorpus.LENGTH + " tokens (vocabulary "
                        + RepeatCorpus.VOCAB + ") from one random Markov chain; " + Memorisation.DISTINCT[0] + " appear once, "
                        + Memorisation.DISTINCT[1] + " four times, " + Memorisation.DISTINCT[2] + " sixteen times. The model sees "
                        + "the previous " + RepeatCorpus.CONTEXT + " tokens one-hot through a ReLU MLP with two hidden layers of "
                        + Memorisation.HIDDEN + " and is trained by Adam on shuffled batches of " + Memorisation.BATCH + " tokens.")
                .build();
    }

    private static Chart sCurve(Run r) {
        int n = 101;
        double[] s = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i / (n - 1.0);
            p[i] = MinHash.flagProbability(s[i], r.bands(), r.rows());
        }
        List<double[]> measured = new ArrayList<>();
        for (int b = 0; b < r.binPairs().length; b++) {
            if (r.binPairs()[b] > 0) {
                measured.add(new double[] {(b + 0.5) / r.binPairs().length, r.binFlagged()[b] / r.binPairs()[b],
                        r.binExpected()[b] / r.binPairs()[b]});
            }
        }
        double[] x = measured.stream().mapToDouble(v -> v[0]).toArray();
        return Chart.line("s-curve", "Share of pairs flagged per similarity bin against 1 − (1 − s^" + r.rows() + ")^"
                        + r.bands(), "exact Jaccard s", "share flagged",
                List.of(new Series("1 − (1 − s^r)^b", s, p),
                        new Series("expected in the bin", x, measured.stream().mapToDouble(v -> v[2]).toArray()),
                        new Series("measured (" + (r.exactHashOnly() ? "whole-document hash" : "MinHash LSH") + ")", x,
                                measured.stream().mapToDouble(v -> v[1]).toArray())));
    }

    private static Table binTable(Run r) {
        List<List<String>> rows = new ArrayList<>();
        int bins = r.binPairs().length;
        for (int b = 0; b < bins; b++) {
            double sd = Math.sqrt(r.binVariance()[b]);
            rows.add(List.of(Claim.num((double) b / bins) + "–" + Claim.num((b + 1.0) / bins), Claim.num(r.binPairs()[b]),
                    Claim.num(r.binFlagged()[b]), Claim.num(r.binExpected()[b]), Claim.num(sd)));
        }
        return new Table("bins", "Flagged pairs per similarity bin (all pairs of documents)",
                List.of("exact Jaccard", "pairs", "flagged", "expected Σ P(s)", "s.d."), rows);
    }

    private static List<String> row(String name, double loss, double once) {
        return List.of(name, Claim.num(loss), Claim.num(loss / once));
    }
}
