package org.deepdrill.demo.attention;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-pair encoding (Sennrich et al., 2016), trained by repeatedly merging the most frequent
 * adjacent pair of symbols inside pre-tokenised words. The base alphabet is either the 256 byte
 * values of UTF-8 (byte-level BPE, as in GPT-2: nothing is ever out of vocabulary) or the characters
 * seen in training plus one unknown token. Every token is kept as the bytes it stands for.
 */
final class Bpe {
    /** The starting alphabet. */
    enum Base { BYTES, CHARACTERS }

    /** Words: an optional leading space with letters, or with digits, or with other symbols; or white space. */
    private static final Pattern WORDS = Pattern.compile(" ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+");
    private static final byte[] UNKNOWN = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private final Base base;
    private final Map<Integer, Integer> charIds; // code point → id (CHARACTERS only); id 0 is unknown
    private final List<byte[]> surface = new ArrayList<>(); // token id → bytes
    private final Map<Long, Integer> rank = new HashMap<>(); // pair → merge index
    private final int baseSize;

    private Bpe(Base base, Map<Integer, Integer> charIds) {
        this.base = base;
        this.charIds = charIds;
        if (base == Base.BYTES) {
            for (int b = 0; b < 256; b++) {
                surface.add(new byte[] {(byte) b});
            }
        } else {
            surface.add(UNKNOWN);
            for (Map.Entry<Integer, Integer> e : charIds.entrySet()) {
                surface.add(new String(Character.toChars(e.getKey())).getBytes(StandardCharsets.UTF_8));
            }
        }
        baseSize = surface.size();
    }

    int baseSize() {
        return baseSize;
    }

    int merges() {
        return surface.size() - baseSize;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Learns up to {@code merges} merges from {@code text}. */
    static Bpe train(String text, Base base, int merges) {
        return train(text, base, merges, new int[0], (b, m) -> { });
    }

    /**
     * Learns up to {@code merges} merges; after each count of merges listed in {@code checkpoints}
     * (ascending) it hands the tokenizer so far and that count to {@code onCheckpoint}.
     */
    static Bpe train(String text, Base base, int merges, int[] checkpoints,
                     java.util.function.ObjIntConsumer<Bpe> onCheckpoint) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String w : words(text)) {
            counts.merge(w, 1, Integer::sum);
        }
        Map<Integer, Integer> chars = new LinkedHashMap<>();
        if (base == Base.CHARACTERS) {
            text.codePoints().sorted().distinct().forEach(c -> chars.put(c, chars.size() + 1));
        }
        Bpe bpe = new Bpe(base, chars);
        List<int[]> syms = new ArrayList<>();
        int[] freq = new int[counts.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            syms.add(bpe.baseSymbols(e.getKey()));
            freq[k++] = e.getValue();
        }
        Trainer trainer = new Trainer(bpe, syms, freq);
        int done = 0;
        for (int c : checkpoints) {
            if (c > merges) {
                break;
            }
            trainer.run(c - done);
            done = c;
            onCheckpoint.accept(bpe, c);
        }
        trainer.run(merges - done);
        return bpe;
    }

    /** The base symbols of one word: its UTF-8 bytes, or its characters' ids (0 if unseen). */
    int[] baseSymbols(String word) {
        if (base == Base.BYTES) {
            byte[] b = word.getBytes(StandardCharsets.UTF_8);
            int[] s = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                s[i] = b[i] & 0xFF;
            }
            return s;
        }
        return word.codePoints().map(c -> charIds.getOrDefault(c, 0)).toArray();
    }

    /** Token ids of {@code text} using only the first {@code limit} merges. */
    int[] encode(String text, int limit) {
        List<Integer> out = new ArrayList<>();
        Map<String, int[]> cache = new HashMap<>();
        for (String w : words(text)) {
            for (int t : cache.computeIfAbsent(w, x -> encodeWord(x, limit))) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One word, merged lowest rank first among the first {@code limit} merges. */
    int[] encodeWord(String word, int limit) {
        int[] s = baseSymbols(word);
        int n = s.length;
        while (n > 1) {
            int best = -1;
            int bestRank = limit;
            for (int i = 0; i + 1 < n; i++) {
                Integer r = rank.get(key(s[i], s[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            int merged = baseSize + bestRank;
            int a = s[best];
            int b = s[best + 1];
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                    s[w++] = merged;
                    i++;
                } else {
                    s[w++] = s[i];
                }
            }
            n = w;
        }
        return java.util.Arrays.copyOf(s, n);
    }

    String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t : tokens) {
            out.writeBytes(surface.get(t));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The token pieces of one word for display: a leading space shown as ▁, and a piece that is only
     * part of a character's UTF-8 bytes shown as hex, such as ⟨e6⟩.
     */
    List<String> pieces(String word, int limit) {
        List<String> out = new ArrayList<>();
        for (int t : encodeWord(word, limit)) {
            byte[] b = surface.get(t);
            String text = new String(b, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), b)) {
                out.add(text.replace(' ', '▁'));
            } else {
                StringBuilder hex = new StringBuilder();
                for (byte x : b) {
                    hex.append(String.format("⟨%02x⟩", x & 0xFF));
                }
                out.add(hex.toString());
            }
        }
        return out;
    }

    static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** Incremental training: pair counts and, per pair, the words that hold it. */
    private static final class Trainer {
        private final Bpe bpe;
        private final List<int[]> syms;
        private final int[] freq;
        private final Map<Long, Long> pairs = new HashMap<>();
        private final Map<Long, Set<Integer>> where = new HashMap<>();

        Trainer(Bpe bpe, List<int[]> syms, int[] freq) {
            this.bpe = bpe;
            this.syms = syms;
            this.freq = freq;
            for (int w = 0; w < syms.size(); w++) {
                count(w, +1);
            }
        }

        /** Adds up to {@code merges} more merges (fewer if no pair is seen twice). */
        void run(int merges) {
            for (int step = 0; step < merges; step++) {
                int m = bpe.merges();
                long best = 0;
                long bestCount = 1; // a pair seen once is not worth a token
                for (Map.Entry<Long, Long> e : pairs.entrySet()) {
                    long c = e.getValue();
                    if (c > bestCount || (c == bestCount && c > 1 && e.getKey() < best)) {
                        bestCount = c;
                        best = e.getKey();
                    }
                }
                if (bestCount <= 1) {
                    return;
                }
                int a = (int) (best >>> 32);
                int b = (int) best;
                int id = bpe.surface.size();
                bpe.rank.put(best, m);
                byte[] sa = bpe.surface.get(a);
                byte[] sb = bpe.surface.get(b);
                byte[] joined = java.util.Arrays.copyOf(sa, sa.length + sb.length);
                System.arraycopy(sb, 0, joined, sa.length, sb.length);
                bpe.surface.add(joined);
                for (int w : new ArrayList<>(where.getOrDefault(best, Set.of()))) {
                    count(w, -1);
                    syms.set(w, merge(syms.get(w), a, b, id));
                    count(w, +1);
                }
            }
        }

        private static int[] merge(int[] s, int a, int b, int id) {
            int[] out = new int[s.length];
            int n = 0;
            for (int i = 0; i < s.length; i++) {
                if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                    out[n++] = id;
                    i++;
                } else {
                    out[n++] = s[i];
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        private void count(int w, int sign) {
            int[] s = syms.get(w);
            for (int i = 0; i + 1 < s.length; i++) {
                long k = key(s[i], s[i + 1]);
                long c = pairs.getOrDefault(k, 0L) + (long) sign * freq[w];
                if (c == 0) {
                    pairs.remove(k);
                } else {
                    pairs.put(k, c);
                }
                if (sign > 0) {
                    where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
                }
            }
            if (sign < 0) {
                for (int i = 0; i + 1 < s.length; i++) {
                    Set<Integer> set = where.get(key(s[i], s[i + 1]));
                    if (set != null) {
                        set.remove(w);
                    }
                }
            }
        }
    }
}
