package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;
import org.deepdrill.demo.Series;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.stats.Fit;
import org.deepdrill.demo.lib.train.OneThread;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Q4: random search against regularised evolution (Real et al., 2019) on the same evaluation budget
 * in a tiny space (per layer: kernel, width, skip), repeated over several search seeds. Each
 * evaluation trains the candidate briefly on synthetic images and measures validation accuracy.
 */
public final class NasSearchDemo implements Demo<NasSearchDemo.Setup, NasSearchDemo.Run> {
    public static final String ID = "nas-search";
    /** How many of the evaluated architectures are trained a second time to test the estimator. */
    static final int RECHECKED = 24;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Neural architecture search: random vs evolution",
            "Search space: 3 conv layers, each with kernel 1/3/5, width 4/8/16 and an optional skip (5,832 networks). "
                    + "An evaluation trains a candidate for a few Adam steps and measures validation accuracy. Random search "
                    + "and regularised evolution (tournament selection, one-choice mutation, the oldest member dies) get the "
                    + "same number of evaluations, repeated over several search seeds.",
            List.of("q04-neural-architecture-search"),
            List.of(ParamSpec.ofInt("budget", "Evaluations per search").range(8, 200).byDefault(10).quick(8),
                    ParamSpec.ofInt("repeats", "Search repeats (seeds)").range(2, 10).byDefault(3).quick(2)
                            .help("the gap between the strategies is shown against its standard error over these repeats"),
                    ParamSpec.ofInt("population", "Evolution population").range(3, 50).byDefault(6).quick(4)
                            .help("must be below the budget"),
                    ParamSpec.ofInt("tournament", "Evolution tournament size").range(2, 20).byDefault(3)
                            .help("at most the population"),
                    ParamSpec.ofInt("trainSteps", "Training steps per evaluation").range(20, 300).byDefault(30),
                    ParamSpec.seed(11)));

    /** Checked parameters; {@code trainSteps} 0 scores every candidate untrained. */
    public record Setup(int budget, int repeats, int population, int tournament, int trainSteps, long seed) {
    }

    /**
     * Best-so-far curves per repeat, the mean accuracy of random and of evolved candidates per repeat,
     * every distinct architecture trained (key, accuracy, ms, MACs per image), and for the first
     * few of them the score of a second, independent evaluation.
     */
    public record Run(int population, int trainSteps, double[][] randomBest, double[][] evolutionBest,
                      double[] randomMean, double[] childMean, String[] keys, double[] accuracy, double[] millis,
                      long[] macs, double[] recheck, int retriedSteps, int skippedSteps) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        Setup s = new Setup(p.getInt("budget"), p.getInt("repeats"), p.getInt("population"), p.getInt("tournament"),
                p.getInt("trainSteps"), p.getInt("seed"));
        if (s.population() > s.budget() - 4) {
            throw new ParamException("Parameter 'population' must leave at least 4 evolved children in the budget ("
                    + s.budget() + "), got " + s.population());
        }
        if (s.tournament() > s.population()) {
            throw new ParamException("Parameter 'tournament' must be in 2.." + s.population() + " (at most the population), got "
                    + s.tournament());
        }
        return s;
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("untrained-proxy", "Each candidate is scored untrained (a cheap proxy), the same "
                                + "budget and strategies otherwise",
                        s -> new Setup(s.budget(), s.repeats(), s.population(), s.tournament(), 0, s.seed()))
                .flips("estimator-ranks", "an untrained network's score depends on its random weights, not its architecture, "
                        + "so a second evaluation ranks the same networks differently")
                .explainedIn("The common wrong answer")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        double[] first = Arrays.copyOf(r.accuracy(), r.recheck().length);
        return List.of(
                Claim.atLeast("architecture-matters", "Architecture matters in this space: best − median validation "
                        + "accuracy of the distinct networks evaluated", max(r.accuracy()) - Fit.median(r.accuracy()), 0.05),
                Claim.atLeast("estimator-ranks", "The estimator ranks architectures well above chance: Spearman correlation between two "
                        + "independent evaluations (other initial weights and batches) of " + first.length
                        + " architectures", spearman(first, r.recheck()), 0.4));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        try (OneThread t = OneThread.on(ctx)) {
            ImageArrays train = ImageArrays.generate(ctx.manager(), 2048, NasEvaluator.SIZE, NasEvaluator.CLASSES, 0.5, s.seed());
            ImageArrays valid = ImageArrays.generate(ctx.manager(), 512, NasEvaluator.SIZE, NasEvaluator.CLASSES, 0.5,
                    s.seed() + 1);
            NasEvaluator estimator = new NasEvaluator(ctx, train, valid, s.trainSteps(), s.seed());
            ctx.liveChart("best", "Best validation accuracy found so far", "evaluations", "accuracy", false);
            NasSearches searches = new NasSearches(ctx, estimator, 2 * s.repeats() * s.budget());
            int n = s.repeats();
            double[][] rs = new double[n][];
            double[][] re = new double[n][];
            double[] randomMean = new double[n];
            double[] childMean = new double[n];
            for (int k = 0; k < n; k++) {
                long base = s.seed() * 1_000L + 37L * k;
                NasSearches.Trace random = searches.random(base, s.budget(), "random search, repeat " + (k + 1));
                NasSearches.Trace evolved = searches.evolution(base + 500, s.budget(), s.population(), s.tournament(),
                        "evolution, repeat " + (k + 1));
                rs[k] = random.best();
                re[k] = evolved.best();
                randomMean[k] = Fit.mean(random.accuracies());
                childMean[k] = Fit.mean(Arrays.copyOfRange(evolved.accuracies(), s.population(), s.budget()));
            }
            Map<String, NasEvaluator.Eval> all = estimator.distinct();
            String[] keys = all.keySet().toArray(new String[0]);
            double[] recheck = new double[Math.min(RECHECKED, keys.length)];
            for (int i = 0; i < recheck.length; i++) {
                recheck[i] = estimator.reevaluate(estimator.arch(keys[i])).accuracy();
                ctx.progress(i + 1, recheck.length, "evaluated an architecture a second time");
            }
            double[] acc = new double[keys.length];
            double[] ms = new double[keys.length];
            long[] macs = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                NasEvaluator.Eval e = all.get(keys[i]);
                acc[i] = e.accuracy();
                ms[i] = e.millis();
                macs[i] = e.macs();
            }
            return new Run(s.population(), s.trainSteps(), rs, re, randomMean, childMean, keys, acc, ms, macs, recheck,
                    estimator.retried(), estimator.skipped());
        }
    }

    @Override
    public Presentation present(Run r) {
        int budget = r.randomBest()[0].length;
        double[] x = new double[budget];
        double[] rsMean = new double[budget];
        double[] reMean = new double[budget];
        int n = r.randomBest().length;
        for (int i = 0; i < budget; i++) {
            x[i] = i + 1;
            for (int k = 0; k < n; k++) {
                rsMean[i] += r.randomBest()[k][i] / n;
                reMean[i] += r.evolutionBest()[k][i] / n;
            }
        }
        double[] idx = new double[r.millis().length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i + 1;
        }
        Integer[] order = new Integer[r.keys().length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -r.accuracy()[i]));
        List<List<String>> top = new ArrayList<>();
        for (int i = 0; i < Math.min(8, order.length); i++) {
            int j = order[i];
            top.add(List.of(Integer.toString(i + 1), r.keys()[j], Claim.num(r.accuracy()[j]), Long.toString(r.macs()[j]),
                    Claim.num(r.millis()[j])));
        }
        List<List<String>> rechecks = new ArrayList<>();
        for (int i = 0; i < r.recheck().length; i++) {
            rechecks.add(List.of(r.keys()[i], Claim.num(r.accuracy()[i]), Claim.num(r.recheck()[i])));
        }
        List<List<String>> perRepeat = new ArrayList<>();
        double[] gaps = gaps(r);
        for (int k = 0; k < n; k++) {
            perRepeat.add(List.of(Integer.toString(k + 1), Claim.num(r.randomMean()[k]), Claim.num(r.childMean()[k]),
                    Claim.num(gaps[k]), Claim.num(r.randomBest()[k][budget - 1]), Claim.num(r.evolutionBest()[k][budget - 1])));
        }
        return Presentation.builder()
                .chart(Chart.line("best-mean", "Best accuracy so far, mean over " + n + " repeats", "evaluations", "accuracy",
                        List.of(new Series("random search", x, rsMean), new Series("regularised evolution", x, reMean))))
                .chart(Chart.scatter("cost", "Cost of each evaluation (new architectures only)", "evaluation", "ms",
                        List.of(new Series("train + validate", idx, r.millis()))))
                .table(new Table("repeats", "Per search repeat: mean accuracy of the candidates each strategy proposed",
                        List.of("repeat", "random networks", "evolved children", "gap", "random: best", "evolution: best"),
                        perRepeat))
                .table(new Table("recheck", "The estimator against itself: two independent evaluations of the same "
                        + "architectures", List.of("layers", "first evaluation", "second evaluation"), rechecks))
                .table(new Table("top", "Best architectures evaluated", List.of("rank", "layers", "accuracy", "MACs/image",
                        "evaluation ms"), top))
                .metric("gap: evolved children − random networks", Fit.mean(gaps), "")
                .metric("twice the standard error of the gap across repeats", 2 * standardError(gaps), "")
                .metric("Spearman correlation of two evaluations", spearman(Arrays.copyOf(r.accuracy(), r.recheck().length),
                        r.recheck()), "")
                .metric("random search: mean best accuracy", rsMean[budget - 1], "")
                .metric("evolution: mean best accuracy", reMean[budget - 1], "")
                .metric("distinct architectures trained", r.keys().length, "")
                .metric("mean cost per evaluation", Fit.mean(r.millis()), "ms")
                .metric("training steps recomputed after a non-finite gradient", r.retriedSteps(), "")
                .metric("training steps skipped (gradient stayed non-finite)", r.skippedSteps(), "")
                .metric("total training time", Arrays.stream(r.millis()).sum() / 1e3, "s")
                .note("Each evaluation trains for " + r.trainSteps() + " Adam steps. A repeated architecture is not "
                        + "retrained: its stored result is reused but still counts against the budget, as in tabular NAS "
                        + "benchmarks. Evolution starts with " + r.population() + " random networks; only the children after "
                        + "that enter the gap. At this budget the gap between the strategies is usually within twice its "
                        + "standard error over repeats, and its sign changes with the seed: random search is a strong "
                        + "baseline, so the gap is shown as a metric, not claimed. The best-so-far curves are the maximum of a "
                        + "few noisy draws, so they cross.")
                .build();
    }

    /** Per repeat: mean accuracy of the evolved children minus that of the random networks. */
    static double[] gaps(Run r) {
        double[] g = new double[r.childMean().length];
        for (int k = 0; k < g.length; k++) {
            g[k] = r.childMean()[k] - r.randomMean()[k];
        }
        return g;
    }

    /** Sample standard deviation over √n. */
    static double standardError(double[] v) {
        double mean = Fit.mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }

    /** Spearman rank correlation, with average ranks for ties. */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Fit.mean(ra);
        double mb = Fit.mean(rb);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> v[i]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int t = i; t <= j; t++) {
                r[order[t]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
