package org.deepdrill.demo.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.LegacyDemo;
import org.deepdrill.demo.LegacyContext;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.Table;
import org.deepdrill.demo.lib.stats.Fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Q22: greedy decoding of a small decoder-only transformer, recomputing the prefix every step
 * against reading keys and values from a cache. Same tokens, same logits; time per token against
 * length; cache memory from the shapes.
 */
public final class KvCacheDemo extends LegacyDemo {
    public static final String ID = "kv-cache";
    private static final int VOCAB = 256;

    private static final DemoSpec SPEC = new DemoSpec(ID, "KV cache in autoregressive decoding",
            "Greedy decoding with a small pre-LN decoder, with and without a key/value cache: identical tokens and "
                    + "logits, measured time per token against length, and the cache's memory from its shapes.",
            List.of("q22-kv-cache"),
            List.of(ParamSpec.ofInt("embed", "Embedding size E", 32, 512, 128, 128, "divisible by heads"),
                    ParamSpec.ofInt("heads", "Heads H", 1, 16, 4, 4, ""),
                    ParamSpec.ofInt("layers", "Layers L", 1, 12, 3, 2, ""),
                    ParamSpec.ofInt("batch", "Sequences decoded together B", 1, 32, 4, 8, ""),
                    ParamSpec.ofInt("prompt", "Prompt length", 1, 64, 8, 8, ""),
                    ParamSpec.ofInt("tokens", "New tokens to generate", 8, 1024, 160, 64, ""),
                    ParamSpec.ofInt("seed", "Random seed", 0, 1_000_000, 13, 13, "")));

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    protected void run(LegacyContext ctx) {
        int e = ctx.params().getInt("embed");
        int h = ctx.params().getInt("heads");
        int depth = ctx.params().getInt("layers");
        int b = ctx.params().getInt("batch");
        int prompt = ctx.params().getInt("prompt");
        int n = ctx.params().getInt("tokens");
        if (e % h != 0) {
            throw new ParamException("Parameter 'embed' (" + e + ") must be divisible by 'heads' (" + h + ")");
        }
        int maxLen = prompt + n;
        int seed = ctx.params().getInt("seed");
        Engine.getInstance().setRandomSeed(seed);
        NDManager m = ctx.manager();
        ctx.liveChart("time", "Time per generated token", "sequence length before the step", "ms per token", false);
        TinyDecoder model = new TinyDecoder(m, VOCAB, e, h, depth, maxLen);
        int[][] promptIds = new int[b][prompt];
        Random rnd = new Random(seed);
        for (int[] row : promptIds) {
            for (int i = 0; i < prompt; i++) {
                row[i] = rnd.nextInt(VOCAB);
            }
        }

        // 1. No cache: the whole prefix goes through the model at every step.
        int[][] seqA = new int[b][maxLen];
        float[][] logitsA = new float[n][];
        double[] msA = new double[n];
        double[] lens = new double[n];
        for (int i = 0; i < b; i++) {
            System.arraycopy(promptIds[i], 0, seqA[i], 0, prompt);
        }
        long t0 = System.nanoTime();
        for (int s = 0; s < n; s++) {
            int len = prompt + s;
            long a = System.nanoTime();
            try (NDManager sm = m.newSubManager()) {
                NDArray ids = sm.create(prefix(seqA, len)).reshape(b, len); // (B,len)
                NDArray logits = model.fullForward(ids); // (B,V)
                logitsA[s] = logits.toFloatArray();
                append(seqA, len, logits);
            }
            msA[s] = (System.nanoTime() - a) / 1e6;
            lens[s] = len;
            ctx.point("time", "recompute the prefix", len, msA[s]);
            if (s % 8 == 0) {
                ctx.progress(s, 2 * n, "no cache: token " + s);
            }
        }
        double totalA = (System.nanoTime() - t0) / 1e9;

        // 2. KV cache: prefill the prompt once, then one token per step.
        int[][] seqB = new int[b][maxLen];
        double[] msB = new double[n];
        double maxDiff = 0;
        double maxLogit = 0;
        long cacheBytes;
        try (NDManager cm = m.newSubManager()) {
            TinyDecoder.Cache cache = model.newCache(cm, b, maxLen);
            for (int i = 0; i < b; i++) {
                System.arraycopy(promptIds[i], 0, seqB[i], 0, prompt);
            }
            t0 = System.nanoTime();
            for (int s = 0; s < n; s++) {
                int len = prompt + s;
                long a = System.nanoTime();
                try (NDManager sm = cm.newSubManager()) {
                    NDArray ids = s == 0
                            ? sm.create(prefix(seqB, prompt)).reshape(b, prompt) // prefill (B,P)
                            : sm.create(column(seqB, len - 1)).reshape(b, 1); // newest token (B,1)
                    NDArray logits = model.cachedForward(ids, cache); // (B,V)
                    float[] l = logits.toFloatArray();
                    for (int i = 0; i < l.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(l[i] - logitsA[s][i]));
                        maxLogit = Math.max(maxLogit, Math.abs(logitsA[s][i]));
                    }
                    append(seqB, len, logits);
                }
                msB[s] = (System.nanoTime() - a) / 1e6;
                ctx.point("time", "KV cache", len, msB[s]);
                if (s % 8 == 0) {
                    ctx.progress(n + s, 2 * n, "cache: token " + s);
                }
            }
            cacheBytes = cache.bytes();
        }
        double totalB = (System.nanoTime() - t0) / 1e9;

        int same = 0;
        for (int i = 0; i < b; i++) {
            same += Arrays.equals(seqA[i], seqB[i]) ? 1 : 0;
        }
        long formula = 2L * depth * b * maxLen * e * 4;
        int q = Math.max(4, n / 8);
        double firstA = Fit.median(Arrays.copyOfRange(msA, 1, 1 + q));
        double lastA = Fit.median(Arrays.copyOfRange(msA, n - q, n));
        double firstB = Fit.median(Arrays.copyOfRange(msB, 1, 1 + q));
        double lastB = Fit.median(Arrays.copyOfRange(msB, n - q, n));
        Fit.Line fitA = Fit.line(Arrays.copyOfRange(lens, 1, n), Arrays.copyOfRange(msA, 1, n));
        Fit.Line fitB = Fit.line(Arrays.copyOfRange(lens, 1, n), Arrays.copyOfRange(msB, 1, n));

        ctx.metric("decode time without cache", totalA, "s");
        ctx.metric("decode time with cache", totalB, "s");
        ctx.metric("speed-up", totalA / totalB, "×");
        ctx.metric("ms per token added per extra position, no cache", fitA.slope(), "ms");
        ctx.metric("ms per token added per extra position, cache", fitB.slope(), "ms");
        ctx.metric("cache bytes (allocated for " + maxLen + " positions)", cacheBytes, "B");
        ctx.metric("cache bytes per token per sequence", (double) cacheBytes / maxLen / b, "B");
        ctx.table(new Table("timing", "Decoding " + n + " tokens, B=" + b + ", L=" + depth + ", E=" + e + ", H=" + h,
                List.of("path", "total s", "median ms/token, first " + q, "median ms/token, last " + q),
                List.of(List.of("recompute the prefix", Claim.num(totalA), Claim.num(firstA), Claim.num(lastA)),
                        List.of("KV cache", Claim.num(totalB), Claim.num(firstB), Claim.num(lastB)))));
        ctx.table(realModels());

        ctx.claim(Claim.atLeast("The cache changes nothing: sequences with identical greedy tokens (of " + b + ")", same, b));
        ctx.claim(Claim.atMost("…and the same logits: max |difference| / max |logit|", maxDiff / maxLogit, 1e-5));
        ctx.claim(Claim.atLeast("Without a cache the time per token grows with length: fitted slope / its standard error",
                fitA.slope() / fitA.slopeStdErr(), 3));
        ctx.claim(Claim.atLeast("The cache removes most of that growth: ms added per extra position, without / with cache",
                fitA.slope() / Math.max(fitB.slope(), 1e-6), 3));
        ctx.claim(Claim.atLeast("Total decode speed-up from the cache", totalA / totalB, 2));
        ctx.claim(Claim.near("Cache memory = 2 (K and V) · L · B · T · E · 4 bytes (measured / formula)",
                (double) cacheBytes / formula, 1, 0));
    }

    /** Cache size per token for published configurations, from the same formula (fp16 = 2 bytes). */
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

    private static int[] prefix(int[][] seq, int len) {
        int[] out = new int[seq.length * len];
        for (int i = 0; i < seq.length; i++) {
            System.arraycopy(seq[i], 0, out, i * len, len);
        }
        return out;
    }

    private static int[] column(int[][] seq, int pos) {
        int[] out = new int[seq.length];
        for (int i = 0; i < seq.length; i++) {
            out[i] = seq[i][pos];
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
