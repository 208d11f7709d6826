package org.deepdrill.search;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Keeps only words written with a capital after the first letter, such as ZeRO, KL or AdamW, with
 * their case. They are names, and "ZeRO" should find the optimiser-sharding answer before the many
 * that say "zero".
 */
final class MixedCaseFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    MixedCaseFilter(TokenStream in) {
        super(in);
    }

    @Override
    protected boolean accept() {
        return isName(term, 0, term.length());
    }

    /** At least two letters and a capital after the first character. */
    static boolean isName(CharSequence s, int from, int to) {
        int letters = 0;
        boolean innerCapital = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                innerCapital |= i > from && Character.isUpperCase(c);
            }
        }
        return letters >= 2 && innerCapital;
    }
}
