package org.deepdrill.search;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The formulas of a text ({@link FormulaCutter}) as a Lucene tokenizer, for queries and tests. */
final class FormulaTokenizer extends Tokenizer {
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
        FormulaCutter.cut(text.toString(), withParts, (t, start, end, inc) -> tokens.add(new Token(t, start, end, inc)));
    }

    @Override
    public void end() throws IOException {
        super.end();
        offset.setOffset(correctOffset(length), correctOffset(length));
    }
}
