package org.deepdrill.search;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.highlight.QueryTermExtractor;
import org.apache.lucene.search.highlight.WeightedTerm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Marks the words a query matched in a text and cuts the passage with the most different matched
 * words. The query's terms and weights come from Lucene's highlighter module; where they stand in
 * the text comes from the terms stored at indexing ({@link AnalyzedText}), so nothing is analysed
 * again at query time.
 */
final class Snippets {
    static final int WINDOW = 170;
    /** Only the start of a very long text is examined. */
    static final int MAX_CHARS = 100_000;

    private final Set<String> terms = new HashSet<>();

    /** {@code rewritten}: the query as the searcher rewrote it, so typos and prefixes are real terms. */
    Snippets(Query rewritten) {
        for (WeightedTerm t : QueryTermExtractor.getTerms(rewritten, false)) {
            if (t.getWeight() > 0) {
                terms.add(t.getTerm());
            }
        }
    }

    /** The text with its matches marked; null if nothing in it matched. */
    Snippet whole(AnalyzedText text) {
        List<Span> spans = spans(text);
        return spans.isEmpty() ? null : cut(text.text(), spans, 0, Math.min(text.text().length(), MAX_CHARS));
    }

    /** The best passage of about {@link #WINDOW} characters; null if nothing in the text matched. */
    Snippet passage(AnalyzedText text) {
        List<Span> spans = spans(text);
        if (spans.isEmpty()) {
            return null;
        }
        String t = text.text();
        int best = 0;
        long bestScore = -1;
        for (int i = 0; i < spans.size(); i++) {
            Map<String, Float> distinct = new HashMap<>();
            int count = 0;
            for (int j = i; j < spans.size() && spans.get(j).end <= spans.get(i).start + WINDOW; j++) {
                distinct.merge(t.substring(spans.get(j).start, spans.get(j).end).toLowerCase(Locale.ROOT), spans.get(j).weight, Math::max);
                count++;
            }
            // different words first, then how exact (the name ZeRO over the word zero), then how many
            double weight = distinct.values().stream().mapToDouble(Float::doubleValue).sum();
            long score = distinct.size() * 1_000_000L + Math.round(weight * 1000) * 10 + count;
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        int from = wordStart(t, Math.max(0, spans.get(best).start - WINDOW / 5));
        int to = Math.min(t.length(), from + WINDOW);
        for (Span s : spans) {
            if (s.start < to && s.end > to) {
                to = s.end;
            }
        }
        return cut(t, spans, from, wordEnd(t, to));
    }

    /** Every distinct matched word of the text, as written there. */
    Set<String> words(AnalyzedText text) {
        Set<String> out = new LinkedHashSet<>();
        spans(text).forEach(s -> out.add(text.text().substring(s.start, s.end)));
        return out;
    }

    private record Span(int start, int end, float weight) {
    }

    /** A name or formula matched as written says more than a stemmed word. */
    private static float weight(AnalyzedText.Kind kind) {
        return kind == AnalyzedText.Kind.WORD ? 1f : 2f;
    }

    /** The matched terms' places, overlapping ones (d_k inside 1/√d_k) merged, in order. */
    private List<Span> spans(AnalyzedText text) {
        List<Span> out = new ArrayList<>();
        for (int i = 0; i < text.size() && text.start(i) < MAX_CHARS; i++) {
            if (!terms.contains(text.term(i))) {
                continue;
            }
            float w = weight(text.kind(i));
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && text.start(i) < last.end) {
                out.set(out.size() - 1, new Span(last.start, Math.max(last.end, text.end(i)), Math.max(last.weight, w)));
            } else {
                out.add(new Span(text.start(i), text.end(i), w));
            }
        }
        return out;
    }

    private static Snippet cut(String t, List<Span> spans, int from, int to) {
        List<Snippet.Segment> out = new ArrayList<>();
        if (from > 0) {
            out.add(new Snippet.Segment("…", false));
        }
        int at = from;
        for (Span s : spans) {
            if (s.start < at || s.end > to) {
                continue;
            }
            if (s.start > at) {
                out.add(new Snippet.Segment(flat(t.substring(at, s.start)), false));
            }
            out.add(new Snippet.Segment(flat(t.substring(s.start, s.end)), true));
            at = s.end;
        }
        String tail = flat(t.substring(at, to)) + (to < t.length() ? "…" : "");
        if (!tail.isEmpty()) {
            out.add(new Snippet.Segment(tail, false));
        }
        return new Snippet(out);
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    private static int wordStart(String t, int i) {
        if (i == 0) {
            return 0;
        }
        int j = i;
        while (j < t.length() && j - i < 30 && !Character.isWhitespace(t.charAt(j - 1))) {
            j++;
        }
        return j - i < 30 ? j : i;
    }

    private static int wordEnd(String t, int i) {
        int j = i;
        while (j < t.length() && j - i < 30 && !Character.isWhitespace(t.charAt(j))) {
            j++;
        }
        return j - i < 30 ? j : i;
    }
}
