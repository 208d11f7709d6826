package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

import java.util.Map;

/** How each field is cut into terms. */
final class Analyzers {
    private Analyzers() {
    }

    /** For queries: formulas stay whole; the index gets its terms from {@link AnalyzedText}. */
    static Analyzer forQuery() {
        Analyzer formulas = formulas(false);
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(
                Fields.TITLE_FORMULAS, formulas, Fields.FORMULAS, formulas, Fields.NAMES, names()));
    }

    static Analyzer english() {
        return new EnglishAnalyzer();
    }

    static Analyzer formulas(boolean withParts) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                return new TokenStreamComponents(new FormulaTokenizer(withParts));
            }
        };
    }

    static Analyzer names() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream kept = new MixedCaseFilter(new EnglishPossessiveFilter(source));
                return new TokenStreamComponents(source, kept);
            }
        };
    }
}
