package org.deepdrill.search;

import java.util.List;

/** The ranked hits for a query, best first, and how many questions matched in all. */
public record SearchResults(String query, List<SearchHit> hits, long total) {
    public SearchResults {
        hits = List.copyOf(hits);
    }

    public boolean isEmpty() {
        return hits.isEmpty();
    }
}
