package org.deepdrill.search;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the formulas of a text in their canonical spelling ({@link Formulas}). When indexing, each
 * formula also brings the formulas inside it at the same position, so that {@code d_k} finds a
 * text that only says {@code 1/√d_k}; a query keeps the formula whole.
 */
final class FormulaTokenizer extends Tokenizer {
    /** Words longer than this are not formulas and are not examined. */
    private static final int MAX_WORD = 200;

    private final boolean withParts;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int length;

    private record Token(String text, int start, int end, int increment) {
    }

    FormulaTokenizer(boolean withParts) {
        this.withParts = withParts;
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (next >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(next++);
        term.setEmpty().append(t.text());
        offset.setOffset(correctOffset(t.start()), correctOffset(t.end()));
        position.setPositionIncrement(t.increment());
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        tokens.clear();
        next = 0;
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        for (int n = input.read(buf); n != -1; n = input.read(buf)) {
            text.append(buf, 0, n);
        }
        length = text.length();
        cut(text.toString());
    }

    private void cut(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start && i - start <= MAX_WORD && Formulas.mayBeFormula(text, start, i)) {
                add(text.substring(start, i), start);
            }
        }
    }

    private void add(String word, int at) {
        int[] r = Formulas.trimBounds(word);
        String canonical = Formulas.canonical(word.substring(r[0], r[1]));
        if (!Formulas.isFormula(canonical)) {
            return;
        }
        List<String> forms = withParts ? Formulas.withParts(canonical) : List.of(canonical);
        String written = word.substring(r[0], r[1]);
        List<Token> chunk = new ArrayList<>();
        for (int k = 0; k < forms.size(); k++) {
            // a part gets its own offsets where it can be placed, so that only d_k is marked in 1/√d_k
            int[] p = k == 0 ? null : Formulas.place(written, forms.get(k));
            int start = at + r[0] + (p == null ? 0 : p[0]);
            int end = at + r[0] + (p == null ? written.length() : p[1]);
            chunk.add(new Token(forms.get(k), start, end, 0));
        }
        chunk.sort(java.util.Comparator.comparingInt(Token::start)); // offsets must never go backwards
        for (int k = 0; k < chunk.size(); k++) {
            Token t = chunk.get(k);
            tokens.add(new Token(t.text(), t.start(), t.end(), k == 0 ? 1 : 0));
        }
    }

    @Override
    public void end() throws IOException {
        super.end();
        offset.setOffset(correctOffset(length), correctOffset(length));
    }
}
