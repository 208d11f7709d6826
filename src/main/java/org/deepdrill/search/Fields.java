package org.deepdrill.search;

import java.util.Map;

/** The fields of a question in the index and how much a match in each one counts. */
final class Fields {
    static final String ID = "id";
    static final String TITLE = "title";
    static final String KEY_POINTS = "keyPoints";
    static final String CHECKS = "checks";
    static final String BODY = "body";
    static final String SECTION = "section";
    /** The question id and demo id as words ("q23", "gradient", "checkpointing"). */
    static final String REF = "ref";
    static final String TITLE_FORMULAS = "titleFormulas";
    static final String FORMULAS = "formulas";
    /** Mixed-case names with their case (ZeRO, KL). */
    static final String NAMES = "names";

    /** Fields read by the English analyser (stemmed, stop words removed). */
    static final String[] TEXT = {TITLE, KEY_POINTS, CHECKS, BODY, SECTION, REF};

    /** Fuzzy matching (typos) is tried in these. */
    static final String[] FUZZY = {TITLE, KEY_POINTS, CHECKS, BODY};

    static final Map<String, Float> BOOSTS = Map.of(
            TITLE, 6f, KEY_POINTS, 3f, CHECKS, 1.5f, BODY, 1f, SECTION, 1.5f, REF, 2f,
            TITLE_FORMULAS, 6f, FORMULAS, 2f, NAMES, 3f);

    /** Words typed together count this much more where they also stand together: the phrase ranks first. */
    static final float PHRASE_WEIGHT = 10f;

    /** A typo match counts this much of an exact one. */
    static final float FUZZY_WEIGHT = 0.4f;

    private Fields() {
    }

    static float boost(String field) {
        return BOOSTS.getOrDefault(field, 1f);
    }
}
