package org.deepdrill.demo.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Q40: tokenization. Trains byte-level BPE on this app's own question Markdown and measures, on the
 * held-out files, how the sequence shrinks as the vocabulary grows, how rare words and numbers
 * split, whether text with characters never seen in training survives a round trip, and what the
 * vocabulary costs as an embedding table.
 */
public final class TokenizationDemo implements Demo<TokenizationDemo.Setup, TokenizationDemo.Run> {
    public static final String ID = "tokenization";
    /** Characters the question files do not contain: an emoji, Japanese, a rare Cyrillic letter, a contour integral. */
    static final String PROBE = "\n🙂 東京タワー ꙮ ∯ ";
    private static final String[] EXAMPLES = {" attention", " the", " tokenization", " backpropagation", " Kullback",
            " antidisestablishmentarianism", " 2026", " 3.14159", " 1234567", " 東京", " 🙂"};
    private static final int FREQUENT = 300;

    private static final DemoSpec SPEC = new DemoSpec(ID, "Tokenization: byte-level BPE trained on this app's answers",
            "Trains byte-pair encoding on the question files bundled with the app and measures, on held-out files, "
                    + "sequence length against vocabulary size, how rare words and numbers split, byte fallback for "
                    + "unseen characters, and the embedding parameters each vocabulary size costs.",
            List.of("q40-tokenization"),
            List.of(ParamSpec.ofInt("vocab", "Largest vocabulary size").range(1024, 8192).byDefault(4096).quick(2048)
                            .help("256 byte tokens plus the learned merges; checkpoints at every doubling from 256"),
                    ParamSpec.ofInt("dim", "Embedding width d").range(64, 8192).byDefault(768)
                            .help("for the embedding cost: V·d parameters, twice that with an untied output layer"),
                    ParamSpec.seed(4).help("picks which fifth of the question files is held out (seed mod 5)")));

    /** Checked parameters; {@code base} is the starting alphabet the break swaps. */
    public record Setup(int vocab, int dim, long seed, Bpe.Base base) {
    }

    /**
     * Per vocabulary checkpoint: held-out tokens and bytes per token. Rare against frequent words,
     * characters lost in the round trip, the example splits, and the embedding table actually built.
     */
    public record Run(int dim, long heldOutBytes, double[] vocab, double[] tokens, double[] bytesPerToken,
                      double rareTokensPerWord, double frequentTokensPerWord, int rareWords, int charactersLost,
                      int probeCharacters, List<String> exampleWords, List<String> examplePieces, long embeddingBytes,
                      int files, int trainBytes) {
    }

    @Override
    public DemoSpec spec() {
        return SPEC;
    }

    @Override
    public Setup setup(Params p) {
        return new Setup(p.getInt("vocab"), p.getInt("dim"), p.getInt("seed"), Bpe.Base.BYTES);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of(Break.<Setup>of("no-byte-fallback", "The base vocabulary is the characters seen in training plus one "
                                + "unknown token, instead of the 256 bytes",
                        s -> new Setup(s.vocab(), s.dim(), s.seed(), Bpe.Base.CHARACTERS))
                .flips("lossless", "every character missing from the training text becomes the unknown token and is lost")
                .explainedIn("Byte fallback")
                .build());
    }

    /** The promises. Pure: a record in, claims out. */
    @Override
    public List<Claim> judge(Run r) {
        int last = r.tokens().length - 1;
        double firstGain = r.tokens()[0] - r.tokens()[1];
        double lastGain = r.tokens()[last - 1] - r.tokens()[last];
        return List.of(
                Claim.atLeast("compression", "BPE shortens held-out text: bytes per token at the largest vocabulary",
                        r.bytesPerToken()[last], 2.5),
                Claim.atMost("diminishing-returns", "Each doubling of the vocabulary saves fewer tokens: tokens saved by the "
                        + "last doubling / by the first", lastGain / firstGain, 0.5),
                Claim.atLeast("rare-words-split", "Words never seen in training split into more pieces: tokens per rare "
                        + "word / per frequent word", r.rareTokensPerWord() / r.frequentTokensPerWord(), 2),
                Claim.atMost("lossless", "Held-out text plus unseen characters survives encode and decode: characters lost",
                        r.charactersLost(), 0));
    }

    @Override
    public Run measure(Setup s, DemoContext ctx) {
        Corpus corpus = Corpus.load((int) (s.seed() % 5));
        List<Integer> checkpoints = new ArrayList<>();
        checkpoints.add(0);
        for (int v = 512; v <= s.vocab(); v *= 2) {
            checkpoints.add(v - 256); // merges on top of the 256 bytes
        }
        int[] merges = checkpoints.stream().mapToInt(Integer::intValue).toArray();
        ctx.liveChart("length", "Held-out bytes per token against vocabulary size (live)", "vocabulary size V",
                "bytes per token", false);
        long heldBytes = corpus.heldOut().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        List<double[]> points = new ArrayList<>();
        Bpe bpe = Bpe.train(corpus.train(), s.base(), merges[merges.length - 1], merges, (current, m) -> {
            ctx.checkCancelled();
            int v = current.baseSize() + current.merges();
            int tokens = current.encode(corpus.heldOut(), m).length;
            points.add(new double[] {v, tokens});
            ctx.point("length", "held-out", v, (double) heldBytes / tokens);
            ctx.progress(points.size(), merges.length, "V = " + v);
        });
        int n = points.size();
        double[] vocab = new double[n];
        double[] tokens = new double[n];
        double[] bpt = new double[n];
        for (int i = 0; i < n; i++) {
            vocab[i] = points.get(i)[0];
            tokens[i] = points.get(i)[1];
            bpt[i] = heldBytes / tokens[i];
        }

        int limit = bpe.merges();
        Map<String, Integer> trainCounts = new HashMap<>();
        for (String w : Bpe.words(corpus.train())) {
            trainCounts.merge(w, 1, Integer::sum);
        }
        Set<String> frequent = new HashSet<>(trainCounts.entrySet().stream()
                .filter(e -> e.getKey().trim().length() > 0 && Character.isLetter(e.getKey().trim().codePointAt(0)))
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(FREQUENT).map(Map.Entry::getKey).toList());
        double rareTokens = 0;
        int rare = 0;
        double freqTokens = 0;
        int freq = 0;
        for (String w : Bpe.words(corpus.heldOut())) {
            String t = w.trim();
            if (t.isEmpty() || !t.codePoints().allMatch(Character::isLetter)) {
                continue;
            }
            if (!trainCounts.containsKey(w)) {
                rareTokens += bpe.encodeWord(w, limit).length;
                rare++;
            } else if (frequent.contains(w)) {
                freqTokens += bpe.encodeWord(w, limit).length;
                freq++;
            }
        }

        String text = corpus.heldOut() + PROBE;
        String back = bpe.decode(bpe.encode(text, limit));
        int lost = lost(text, back);

        List<String> pieces = new ArrayList<>();
        for (String w : EXAMPLES) {
            pieces.add(String.join("·", bpe.pieces(w, limit)));
        }
        long embeddingBytes;
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray table = m.zeros(new Shape(bpe.baseSize() + limit, s.dim()), DataType.FLOAT32); // (V,d): one row per token
            embeddingBytes = table.size() * table.getDataType().getNumOfBytes();
        }
        return new Run(s.dim(), heldBytes, vocab, tokens, bpt, rareTokens / Math.max(1, rare), freqTokens / Math.max(1, freq),
                rare, lost, (int) PROBE.codePoints().count(), List.of(EXAMPLES), pieces, embeddingBytes, corpus.files(),
                corpus.train().length());
    }

    @Override
    public Presentation present(Run r) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < r.vocab().length; i++) {
            double v = r.vocab()[i];
            rows.add(List.of(Claim.num(v), Claim.num(r.tokens()[i]), Claim.num(r.bytesPerToken()[i]),
                    Claim.num(v * r.dim()), Claim.num(2 * v * r.dim())));
        }
        List<List<String>> examples = new ArrayList<>();
        for (int i = 0; i < r.exampleWords().size(); i++) {
            String pieces = r.examplePieces().get(i);
            examples.add(List.of("\"" + r.exampleWords().get(i) + "\"", pieces, Integer.toString(pieces.split("·", -1).length)));
        }
        int last = r.vocab().length - 1;
        return Presentation.builder()
                .chart(new Chart("length", "Held-out bytes per token against vocabulary size", "vocabulary size V",
                        "bytes per token", Chart.Kind.LINE, true, false,
                        List.of(new Series("held-out", r.vocab(), r.bytesPerToken()))))
                .table(new Table("vocab", "Sequence length and embedding cost per vocabulary size (d = " + r.dim() + ")",
                        List.of("V", "held-out tokens", "bytes per token", "embedding V·d", "untied in + out 2·V·d"), rows))
                .table(new Table("examples", "How words split at V = " + Claim.num(r.vocab()[last]),
                        List.of("input", "pieces", "tokens"), examples))
                .metric("held-out bytes", r.heldOutBytes(), "")
                .metric("tokens per unseen word", r.rareTokensPerWord(), "")
                .metric("tokens per frequent word", r.frequentTokensPerWord(), "")
                .metric("unseen words in the held-out files", r.rareWords(), "")
                .metric("characters lost in the round trip", r.charactersLost(), "")
                .metric("embedding table allocated at the largest V", r.embeddingBytes() / 1048576.0, "MiB")
                .note("Corpus: the " + r.files() + " question files bundled with the app; one fifth of them (chosen by the seed) "
                        + "is held out, the rest (" + r.trainBytes() + " characters) trains the merges. Words are split "
                        + "first (an optional leading space with letters, digits or symbols), as in GPT-2, so merges never "
                        + "cross a word boundary. The round trip also encodes \"" + PROBE.trim() + "\", which no question contains.")
                .build();
    }

    /** Code points of {@code a} not found at the same place in {@code b}, plus any length difference. */
    static int lost(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int diff = Math.abs(x.length - y.length);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                diff++;
            }
        }
        return diff;
    }
}
