package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;

import java.util.ArrayList;
import java.util.List;

/**
 * Lucene's classic syntax over every field at once: each word must match somewhere (AND), in the
 * text fields with stemming, as a formula, as a mixed-case name, or, for longer words, with a typo.
 */
final class SearchQueryParser extends MultiFieldQueryParser {
    /** Words of at least this many letters also match with one typo; {@link #TWO_TYPOS} and longer, with two. */
    static final int ONE_TYPO = 5;
    static final int TWO_TYPOS = 8;
    /** Prefix, wildcard and fuzzy terms expand to at most this many index terms. */
    static final int MAX_EXPANSIONS = 50;

    private final Vocabulary vocabulary;

    /** {@code vocabulary}: the index's words, to tell a typo (a word it does not hold) from a real word. */
    SearchQueryParser(Analyzer analyzer, Vocabulary vocabulary) {
        super(Fields.TEXT, analyzer, Fields.BOOSTS);
        this.vocabulary = vocabulary;
        setDefaultOperator(AND_OPERATOR);
        setMultiTermRewriteMethod(new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(MAX_EXPANSIONS));
    }

    @Override
    protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
        if (field != null) {
            return super.getFieldQuery(field, text, quoted);
        }
        List<Query> any = new ArrayList<>();
        boolean formula = !quoted && Formulas.isFormula(Formulas.canonical(Formulas.trim(text)));
        if (!formula || vocabulary.stem(text) != null) { // QK^T as words would be "qk" and "t": noise
            add(any, super.getFieldQuery(null, text, quoted), 1f);
        }
        if (!quoted || text.strip().indexOf(' ') < 0) {
            for (String f : new String[] {Fields.TITLE_FORMULAS, Fields.FORMULAS, Fields.NAMES}) {
                add(any, super.getFieldQuery(f, text, quoted), Fields.boost(f));
            }
        }
        if (!quoted) {
            fuzzy(text, any);
        }
        if (any.isEmpty()) {
            return null;
        }
        if (any.size() == 1) {
            return any.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        any.forEach(q -> b.add(q, BooleanClause.Occur.SHOULD));
        return b.build();
    }

    private static void add(List<Query> out, Query q, float boost) {
        if (q != null && !(q instanceof BooleanQuery bq && bq.clauses().isEmpty())) {
            out.add(boost == 1f ? q : new BoostQuery(q, boost));
        }
    }

    /**
     * A word of letters only, long enough and found nowhere in the index, is taken for a typo: it
     * matches the index terms within one or two edits.
     */
    private void fuzzy(String text, List<Query> out) {
        if (text.length() < ONE_TYPO || !text.chars().allMatch(Character::isLetter)) {
            return;
        }
        String stem = vocabulary.stem(text);
        if (stem == null || stem.length() < ONE_TYPO - 1 || vocabulary.knows(text)) {
            return;
        }
        int edits = stem.length() >= TWO_TYPOS ? 2 : 1; // counted on the stem: quixotic (quixot) is not two edits from quiet
        for (String f : Fields.FUZZY) {
            Query q = new FuzzyQuery(new Term(f, stem), edits, 1, MAX_EXPANSIONS, true);
            out.add(new BoostQuery(q, Fields.boost(f) * Fields.FUZZY_WEIGHT));
        }
    }
}
