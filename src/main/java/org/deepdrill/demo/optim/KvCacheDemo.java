package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.deepdrill.demo.lib.blocks.MemoryProbe;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q22: greedy decoding of a small decoder-only transformer, recomputing the prefix every step
 * against reading keys and values from a cache. Same tokens and logits; multiply-adds counted per
 * step from the shapes that ran; the bytes the cache really holds; time per token against length.
 */
public final class KvCacheDemo implements Demo<KvCacheDemo.Setup, KvCacheDemo.Run> {
    public static final String ID = "kv-cache";
    private static final int VOCAB = 256;

    private static final DemoSpec SPEC = new DemoSpec(ID, "KV cache in autoregressive decoding",
            "Greedy decoding with a small pre-LN decoder, with and without a key/value cache: identical tokens and "
                    + "logits, multiply-adds per token counted from the shapes that ran, the bytes the cache holds, and "
                    + "the measured time per token against length.",
            List.of("q22-kv-cache"),
            List.of(ParamSpec.ofInt("embed", "Embedding size E").range(32, 512).byDefault(128).quick(64).help("divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H").range(1, 16).byDefault(4),
                    ParamSpec.ofInt("layers", "Layers L").range(1, 12).byDefault(3).quick(2),
                    ParamSpec.ofInt("batch", "Sequences decoded together B").range(1, 32).byDefault(4),
                    ParamSpec.ofInt("prompt", "Prompt length").range(1, 64).byDefault(8),
                    ParamSpec.ofInt("tokens", "New tokens to generate").range(8, 320).byDefault(160).quick(32),
                    ParamSpec.seed(13)));

    /** What the cached decoder does each step. */
    public enum Mode {
        /** Feed the new token only; keys and values of the past come from the cache. */
        CACHE,
        /** A "cache" refilled every step by recomputing the whole prefix. */
        RECOMPUTE,
        /** The cache is right, but the new token's position is read from 0 instead of the cache length. */
        POSITIONS_FROM_ZERO
    }

    /** Checked parameters; {@code mode} is what the breaks change. */
    public record Setup(int embed, int heads, int layers, int batch, int prompt, int tokens, long seed, Mode mode) {
        Setup with(Mode m) {
            return new Setup(embed, heads, layers, batch, prompt, tokens, seed, m);
        }
    }

    /**
     * Per generated token s: the length before it, its time and multiply-adds on both paths, and the bytes
     * alive under the cache's manager after it. Then how many sequences and how far the logits agreed.
     */
    public record Run(int layers, int batch, int embed, double[] length, double[] msNoCache, double[] msCache,
                      double[] macsNoCache, double[] macsCache, double[] cacheBytes, int sameSequences,
                      double logitDiff) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        Setup s = new Setup(p.getInt("embed"), p.getInt("heads"), p.getInt("layers"), p.getInt("batch"),
                p.getInt("prompt"), p.getInt("tokens"), p.getInt("seed"), Mode.CACHE);
        if (s.embed() % s.heads() != 0) {
            throw new ParamException("Parameter 'embed' (" + s.embed() + ") must be divisible by 'heads' (" + s.heads() + ")");
        }
        return s;
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(
                Break.<Setup>of("recompute-kv", "The \"cache\" is refilled every step by running the whole prefix again",
                                s -> s.with(Mode.RECOMPUTE))
                        .flips("work-per-token", "each step again pushes all t positions through every layer")
                        .explainedIn("Cost")
                        .build(),
                Break.<Setup>of("positions-from-zero",
                                "The new token's learned position is read at 0 instead of at the cache length",
                                s -> s.with(Mode.POSITIONS_FROM_ZERO))
                        .flips("same-tokens", "every new token looks like the first one, so the greedy choice changes")
                        .flips("same-logits", "the logits are those of a different input")
                        .explainedIn("Pitfalls")
                        .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int n = r.length().length;
        int last = n - 1;
        double perToken = 2.0 * r.layers() * r.batch() * r.embed() * 4;
        Fit.Line noCache = Fit.line(tail(r.length()), tail(r.msNoCache()));
        Fit.Line cache = Fit.line(tail(r.length()), tail(r.msCache()));
        return List.of(
                Claim.atLeast("same-tokens", "The cache changes nothing: sequences with identical greedy tokens (of "
                        + r.batch() + ")", r.sameSequences(), r.batch()),
                Claim.atMost("same-logits", "…and the same logits: max |difference| / max |logit|", r.logitDiff(), 1e-5),
                Claim.between("work-per-token", "Per token the cache runs one position, not the whole prefix: "
                        + "multiply-adds at the last step, without / with cache, over the length t = "
                        + (int) r.length()[last], r.macsNoCache()[last] / r.macsCache()[last] / r.length()[last], 0.5, 2),
                Claim.near("cache-bytes", "The cache holds keys and values only: bytes alive in it / (2·L·B·T·E·4)",
                        r.cacheBytes()[last] / (perToken * r.length()[last]), 1, 0.01),
                Claim.atLeast("no-cache-grows", "Without a cache the time per token grows with length: fitted slope / "
                        + "its standard error", noCache.slope() / noCache.slopeStdErr(), 3).timing(),
                Claim.atLeast("cache-flattens", "The cache removes most of that growth: ms added per extra position, "
                        + "without / with cache", noCache.slope() / Math.max(cache.slope(), 1e-6), 3).timing(),
                Claim.atLeast("speed-up", "Total decode speed-up from the cache", sum(r.msNoCache()) / sum(r.msCache()), 2)
                        .timing());
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        int b = s.batch();
        int prompt = s.prompt();
        int n = s.tokens();
        int maxLen = prompt + n;
        Engine.getInstance().setRandomSeed((int) s.seed());
        NDManager m = ctx.manager();
        ctx.liveChart("time", "Time per generated token", "sequence length before the step", "ms per token", false);
        TinyDecoder model = new TinyDecoder(m, VOCAB, s.embed(), s.heads(), s.layers(), maxLen);
        int[][] promptIds = new int[b][prompt];
        Random rnd = new Random(s.seed());
        for (int[] row : promptIds) {
            for (int i = 0; i < prompt; i++) {
                row[i] = rnd.nextInt(VOCAB);
            }
        }

        // 1. No cache: the whole prefix goes through the model at every step.
        int[][] seqA = start(promptIds, maxLen);
        float[][] logitsA = new float[n][];
        double[] msA = new double[n];
        double[] macsA = new double[n];
        double[] lens = new double[n];
        for (int step = 0; step < n; step++) {
            int len = prompt + step;
            long t0 = System.nanoTime();
            long c0 = model.macs();
            try (NDManager sm = m.newSubManager()) {
                NDArray ids = sm.create(prefix(seqA, len)).reshape(b, len); // (B,len)
                NDArray logits = model.fullForward(ids); // (B,V)
                logitsA[step] = logits.toFloatArray();
                append(seqA, len, logits);
            }
            msA[step] = (System.nanoTime() - t0) / 1e6;
            macsA[step] = model.macs() - c0;
            lens[step] = len;
            ctx.point("time", "recompute the prefix", len, msA[step]);
            if (step % 8 == 0) {
                ctx.progress(step, 2 * n, "no cache: token " + step);
            }
        }

        // 2. The cache: prefill the prompt once, then one token per step.
        int[][] seqB = start(promptIds, maxLen);
        double[] msB = new double[n];
        double[] macsB = new double[n];
        double[] bytes = new double[n];
        double maxDiff = 0;
        double maxLogit = 0;
        try (NDManager cm = m.newSubManager()) {
            TinyDecoder.Cache cache = new TinyDecoder.Cache(cm);
            for (int step = 0; step < n; step++) {
                int len = prompt + step;
                long t0 = System.nanoTime();
                long c0 = model.macs();
                try (NDManager sm = cm.newSubManager()) {
                    NDArray logits = cachedStep(model, cache, sm, seqB, len, step == 0 ? prompt : 1, s.mode()); // (B,V)
                    float[] l = logits.toFloatArray();
                    for (int i = 0; i < l.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(l[i] - logitsA[step][i]));
                        maxLogit = Math.max(maxLogit, Math.abs(logitsA[step][i]));
                    }
                    append(seqB, len, logits);
                }
                msB[step] = (System.nanoTime() - t0) / 1e6;
                macsB[step] = model.macs() - c0;
                bytes[step] = MemoryProbe.liveBytes(cm); // the step's temporaries are freed: what the cache holds
                ctx.point("time", "KV cache", len, msB[step]);
                if (step % 8 == 0) {
                    ctx.progress(n + step, 2 * n, "cache: token " + step);
                }
            }
        }
        int same = 0;
        for (int i = 0; i < b; i++) {
            same += Arrays.equals(seqA[i], seqB[i]) ? 1 : 0;
        }
        return new Run(s.layers(), b, s.embed(), lens, msA, msB, macsA, macsB, bytes, same, maxDiff / maxLogit);
    }

    /** One step of the cached decoder: feeds the last {@code fresh} tokens of seq up to len, or, broken, more. */
    private static NDArray cachedStep(TinyDecoder model, TinyDecoder.Cache cache, NDManager sm, int[][] seq, int len,
                                      int fresh, Mode mode) {
        int b = seq.length;
        if (mode == Mode.RECOMPUTE) {
            return model.refillForward(sm.create(prefix(seq, len)).reshape(b, len), cache);
        }
        NDArray ids = sm.create(window(seq, len - fresh, len)).reshape(b, fresh); // (B,fresh)
        int positionStart = mode == Mode.POSITIONS_FROM_ZERO ? 0 : cache.length();
        return model.cachedForward(ids, cache, positionStart);
    }

    @Override
    public Presentation present(Run r) {
        int n = r.length().length;
        int q = Math.max(4, n / 8);
        double perToken = 2.0 * r.layers() * r.batch() * r.embed() * 4;
        double[] formula = new double[n];
        double[] kib = new double[n];
        for (int i = 0; i < n; i++) {
            formula[i] = perToken * r.length()[i] / 1024;
            kib[i] = r.cacheBytes()[i] / 1024;
        }
        double totalA = sum(r.msNoCache()) / 1e3;
        double totalB = sum(r.msCache()) / 1e3;
        Fit.Line fitA = Fit.line(tail(r.length()), tail(r.msNoCache()));
        Fit.Line fitB = Fit.line(tail(r.length()), tail(r.msCache()));
        return Presentation.builder()
                .chart(Chart.line("time", "Time per generated token", "sequence length before the step", "ms per token",
                        List.of(new Series("recompute the prefix", r.length(), r.msNoCache()),
                                new Series("KV cache", r.length(), r.msCache()))))
                .chart(Chart.line("work", "Multiply-adds per generated token, counted from the shapes that ran",
                        "sequence length before the step", "multiply-adds", List.of(
                                new Series("recompute the prefix", r.length(), r.macsNoCache()),
                                new Series("KV cache", r.length(), r.macsCache()))).withLog(false, true))
                .chart(Chart.line("memory", "Bytes alive in the cache after each step", "sequence length before the step",
                        "KiB", List.of(new Series("measured", r.length(), kib),
                                new Series("2·L·B·T·E·4", r.length(), formula))))
                .table(new Table("timing", "Decoding " + n + " tokens, B = " + r.batch() + ", L = " + r.layers()
                        + ", E = " + r.embed(), List.of("path", "total s", "median ms/token, first " + q,
                        "median ms/token, last " + q, "multiply-adds, all steps"),
                        List.of(List.of("recompute the prefix", Claim.num(totalA), Claim.num(median(r.msNoCache(), 1, q)),
                                        Claim.num(median(r.msNoCache(), n - q, q)), Claim.num(sum(r.macsNoCache()))),
                                List.of("KV cache", Claim.num(totalB), Claim.num(median(r.msCache(), 1, q)),
                                        Claim.num(median(r.msCache(), n - q, q)), Claim.num(sum(r.macsCache()))))))
                .table(realModels())
                .metric("decode time without cache", totalA, "s")
                .metric("decode time with cache", totalB, "s")
                .metric("multiply-adds without / with cache, all steps", sum(r.macsNoCache()) / sum(r.macsCache()), "×")
                .metric("ms per token added per extra position, no cache", fitA.slope(), "ms")
                .metric("ms per token added per extra position, cache", fitB.slope(), "ms")
                .metric("cache bytes after the last token", r.cacheBytes()[n - 1], "B")
                .metric("cache bytes per token per sequence", perToken / r.batch(), "B")
                .note("Cache bytes are read from the NDManager that owns the cache after each step has freed its "
                        + "temporaries: the arrays really held. The cache grows by one row per token (concatenation), "
                        + "so its size can be watched as it grows.")
                .build();
    }

    /** Cache size per token for published configurations (fp16 = 2 bytes): arithmetic, not a measurement. */
    private static Table realModels() {
        String[][] cfg = {{"Llama-2-7B (MHA)", "32", "32", "128"}, {"Llama-2-70B (GQA, 8 KV heads)", "80", "8", "128"},
                {"Llama-3-8B (GQA, 8 KV heads)", "32", "8", "128"}};
        List<List<String>> rows = new ArrayList<>();
        for (String[] c : cfg) {
            long perToken = 2L * Long.parseLong(c[1]) * Long.parseLong(c[2]) * Long.parseLong(c[3]) * 2;
            rows.add(List.of(c[0], c[1], c[2] + " × " + c[3], Claim.num(perToken / 1024.0),
                    Claim.num(perToken * 4096 / Math.pow(1024, 3))));
        }
        return new Table("real", "KV cache of published models in fp16: 2 · layers · KV heads · head dim · 2 bytes",
                List.of("model", "layers", "KV heads × head dim", "KiB per token", "GiB per 4096-token sequence"), rows);
    }

    /** Everything but the first step, which pays for the prefill or the first call. */
    private static double[] tail(double[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
    }

    private static double sum(double[] v) {
        return Arrays.stream(v).sum();
    }

    private static double median(double[] v, int from, int count) {
        int a = Math.max(0, Math.min(from, v.length - 1));
        return Fit.median(Arrays.copyOfRange(v, a, Math.min(v.length, a + count)));
    }

    private static int[][] start(int[][] prompt, int maxLen) {
        int[][] seq = new int[prompt.length][maxLen];
        for (int i = 0; i < prompt.length; i++) {
            System.arraycopy(prompt[i], 0, seq[i], 0, prompt[i].length);
        }
        return seq;
    }

    private static int[] prefix(int[][] seq, int len) {
        return window(seq, 0, len);
    }

    /** Tokens [from, to) of every sequence, row after row. */
    private static int[] window(int[][] seq, int from, int to) {
        int w = to - from;
        int[] out = new int[seq.length * w];
        for (int i = 0; i < seq.length; i++) {
            System.arraycopy(seq[i], from, out, i * w, w);
        }
        return out;
    }

    /** Greedy: writes the arg-max of each row of logits (B,V) at position len. */
    private static void append(int[][] seq, int len, NDArray logits) {
        int[] next = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < seq.length; i++) {
            seq[i][len] = next[i];
        }
    }
}
