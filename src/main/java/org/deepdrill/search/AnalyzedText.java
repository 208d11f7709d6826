package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A text cut into terms once, by the three analysers, and kept: the index reads its fields from
 * these terms, and snippets are marked from their offsets without analysing the text again. Terms
 * are in the order of their start offsets.
 */
final class AnalyzedText {
    enum Kind { WORD, FORMULA, NAME }

    private final String text;
    private final String[] terms;
    private final int[] starts;
    private final int[] ends;
    private final int[] increments;
    private final Kind[] kinds;

    private AnalyzedText(String text, List<Token> tokens) {
        this.text = text;
        int n = tokens.size();
        terms = new String[n];
        starts = new int[n];
        ends = new int[n];
        increments = new int[n];
        kinds = new Kind[n];
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            terms[i] = t.term;
            starts[i] = t.start;
            ends[i] = t.end;
            increments[i] = t.increment;
            kinds[i] = t.kind;
        }
    }

    private record Token(String term, int start, int end, int increment, Kind kind) {
    }

    /** The analysers that make each kind of term. */
    record Analysers(Analyzer words, Analyzer formulas, Analyzer names) {
        static Analysers forIndex() {
            return new Analysers(Analyzers.english(), Analyzers.formulas(true), Analyzers.names());
        }
    }

    /** {@code dictionary} shares one String per distinct term across texts. */
    static AnalyzedText of(String text, Analysers a, Map<String, String> dictionary) {
        List<Token> tokens = new ArrayList<>();
        collect(a.words(), Fields.BODY, text, Kind.WORD, tokens, dictionary);
        collect(a.formulas(), Fields.FORMULAS, text, Kind.FORMULA, tokens, dictionary);
        collect(a.names(), Fields.NAMES, text, Kind.NAME, tokens, dictionary);
        tokens.sort(Comparator.comparingInt(Token::start)); // stable: each kind keeps its own order
        return new AnalyzedText(text, tokens);
    }

    private static void collect(Analyzer a, String field, String text, Kind kind, List<Token> out, Map<String, String> dictionary) {
        try (TokenStream ts = a.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                out.add(new Token(dictionary.computeIfAbsent(t, k -> k), off.startOffset(), off.endOffset(),
                        inc.getPositionIncrement(), kind));
            }
            ts.end();
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
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
