package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;

import java.io.IOException;

/** The words the index holds: tells a finished word from a typo or a word still being typed. */
final class Vocabulary {
    private final Analyzer analyzer;
    private final IndexReader reader;

    /** {@code analyzer}: the query analyser, for the stem of a word. */
    Vocabulary(Analyzer analyzer, IndexReader reader) {
        this.analyzer = analyzer;
        this.reader = reader;
    }

    /** Whether some question holds the word: its stem in a text field, or the word itself as a name. */
    boolean knows(String word) {
        String stem = stem(word);
        try {
            if (stem != null) {
                for (String f : Fields.TEXT) {
                    if (reader.docFreq(new Term(f, stem)) > 0) {
                        return true;
                    }
                }
            }
            return reader.docFreq(new Term(Fields.NAMES, word)) > 0;
        } catch (IOException e) {
            return true; // an in-memory index does not fail; if it did, take the word as it is
        }
    }

    /** The one term the English analyser makes of a word, or null if it makes none or several. */
    String stem(String word) {
        try (TokenStream ts = analyzer.tokenStream(Fields.BODY, word)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            String first = ts.incrementToken() ? term.toString() : null;
            boolean more = ts.incrementToken();
            ts.end();
            return more ? null : first;
        } catch (IOException e) {
            return null;
        }
    }
}
