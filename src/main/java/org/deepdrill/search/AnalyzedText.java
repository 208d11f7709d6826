package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import org.apache.lucene.analysis.CharArrayMap;

import java.io.IOException;
import java.util.Arrays;

/**
 * A text cut into terms once, by the three analysers, and kept: the index reads its fields from
 * these terms, and snippets are marked from their offsets without analysing the text again. Terms
 * are in the order of their start offsets.
 */
final class AnalyzedText {
    enum Kind { WORD, FORMULA, NAME }

    private static final Kind[] KINDS = Kind.values();

    private final String text;
    private final String[] terms;
    private final int[] starts;
    private final int[] ends;
    private final int[] increments;
    private final Kind[] kinds;

    private AnalyzedText(String text, Run words, Run formulas, Run names) {
        this.text = text;
        int n = words.size + formulas.size + names.size;
        terms = new String[n];
        starts = new int[n];
        ends = new int[n];
        increments = new int[n];
        kinds = new Kind[n];
        // each run is in offset order: merge them, words before formulas before names at one offset
        Run[] runs = {words, formulas, names};
        int[] next = new int[3];
        for (int i = 0; i < n; i++) {
            int pick = -1;
            for (int r = 0; r < 3; r++) {
                if (next[r] < runs[r].size && (pick < 0 || runs[r].starts[next[r]] < runs[pick].starts[next[pick]])) {
                    pick = r;
                }
            }
            Run run = runs[pick];
            int j = next[pick]++;
            terms[i] = run.terms[j];
            starts[i] = run.starts[j];
            ends[i] = run.ends[j];
            increments[i] = run.increments[j];
            kinds[i] = KINDS[pick];
        }
    }

    /** The analyser of the words; formulas and names are read from the text and the words. */
    record Analysers(Analyzer words) {
        static Analysers forIndex() {
            return new Analysers(Analyzers.english());
        }
    }

    /** One String per distinct term, shared by every text, found without making a String per term. */
    static final class Dictionary {
        private final CharArrayMap<String> map = new CharArrayMap<>(4096, false);

        String of(String term) {
            String s = map.get(term);
            if (s == null) {
                map.put(term, term);
                return term;
            }
            return s;
        }

        String of(char[] buffer, int length) {
            String s = map.get(buffer, 0, length);
            if (s == null) {
                s = new String(buffer, 0, length);
                map.put(s, s);
            }
            return s;
        }
    }

    static AnalyzedText of(String text, Analysers a, Dictionary dictionary) {
        Run words = collect(a.words(), Fields.BODY, text, dictionary);
        Run formulas = new Run();
        FormulaCutter.cut(text, true, (t, start, end, inc) -> formulas.add(dictionary.of(t), start, end, inc));
        return new AnalyzedText(text, words, formulas, names(text, words, dictionary));
    }

    /**
     * The names among the words, as written (ZeRO, KL): what {@link Analyzers#names()} makes of the
     * text, read from the words' offsets instead of a second pass of the tokenizer.
     */
    private static Run names(String text, Run words, Dictionary dictionary) {
        Run names = new Run();
        int gap = 0;
        for (int i = 0; i < words.size; i++) {
            gap += words.increments[i];
            int start = words.starts[i];
            int end = words.ends[i];
            if (end - start > 2 && text.charAt(end - 2) == '\'' || end - start > 2 && text.charAt(end - 2) == '’') {
                char s = text.charAt(end - 1);
                end -= s == 's' || s == 'S' ? 2 : 0; // a possessive: ZeRO's
            }
            if (MixedCaseFilter.isName(text, start, end)) {
                names.add(dictionary.of(text.substring(start, end)), start, end, gap);
                gap = 0;
            }
        }
        return names;
    }

    private static Run collect(Analyzer a, String field, String text, Dictionary dictionary) {
        Run run = new Run();
        try (TokenStream ts = a.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                run.add(dictionary.of(term.buffer(), term.length()), off.startOffset(), off.endOffset(), inc.getPositionIncrement());
            }
            ts.end();
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return run;
    }

    /** The terms one analyser made, in its order. */
    private static final class Run {
        String[] terms = new String[64];
        int[] starts = new int[64];
        int[] ends = new int[64];
        int[] increments = new int[64];
        int size;

        void add(String term, int start, int end, int increment) {
            if (size == terms.length) {
                int n = size * 2;
                terms = Arrays.copyOf(terms, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                increments = Arrays.copyOf(increments, n);
            }
            terms[size] = term;
            starts[size] = start;
            ends[size] = end;
            increments[size] = increment;
            size++;
        }
    }

    String text() {
        return text;
    }

    int size() {
        return terms.length;
    }

    String term(int i) {
        return terms[i];
    }

    Kind kind(int i) {
        return kinds[i];
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** The terms of one kind as a token stream, for an index field; several texts follow each other. */
    static TokenStream stream(Kind kind, AnalyzedText... texts) {
        return new Replay(texts, kind);
    }

    /** Plays stored terms back as a token stream. */
    private static final class Replay extends TokenStream {
        private final AnalyzedText[] texts;
        private final Kind kind;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
        private int text;
        private int next;
        /** Where the current text starts when several follow each other: offsets never go backwards. */
        private int base;

        Replay(AnalyzedText[] texts, Kind kind) {
            this.texts = texts;
            this.kind = kind;
        }

        @Override
        public boolean incrementToken() {
            clearAttributes();
            while (text < texts.length) {
                AnalyzedText t = texts[text];
                while (next < t.terms.length) {
                    int i = next++;
                    if (t.kinds[i] == kind) {
                        term.setEmpty().append(t.terms[i]);
                        offset.setOffset(base + t.starts[i], base + t.ends[i]);
                        position.setPositionIncrement(t.increments[i]);
                        return true;
                    }
                }
                base += t.text.length() + 1;
                text++;
                next = 0;
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            text = 0;
            next = 0;
            base = 0;
        }
    }
}
