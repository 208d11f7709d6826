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
        int letters = 0;
        boolean innerCapital = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                innerCapital |= i > 0 && Character.isUpperCase(c);
            }
        }
        return letters >= 2 && innerCapital;
    }
}
