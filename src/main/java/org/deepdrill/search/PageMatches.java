package org.deepdrill.search;

import java.util.List;

/**
 * What to mark on an answer page for a query: the words of its text that matched, as they are
 * written there, and the words the user typed, for the formulas, which the page draws with KaTeX.
 * {@code focus} is the first matched word of the best passage, where the page should scroll to
 * (empty if none).
 */
public record PageMatches(String questionId, List<String> words, List<String> typed, String focus) {
    public PageMatches {
        words = List.copyOf(words);
        typed = List.copyOf(typed);
    }

    public boolean isEmpty() {
        return words.isEmpty() && typed.isEmpty();
    }
}
