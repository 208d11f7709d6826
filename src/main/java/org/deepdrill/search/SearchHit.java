package org.deepdrill.search;

/** One question found: where it is, how well it matched, and the passage that matched best. */
public record SearchHit(String id, int section, String sectionTitle, Snippet title, float score, Snippet snippet) {
}
