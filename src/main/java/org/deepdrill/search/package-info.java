/**
 * Full-text search over every question, built-in and pack: an in-memory Lucene index
 * ({@link org.deepdrill.search.SearchIndex}) with formula, name and typo matching, ranked hits and
 * snippets. Pure: uses content only, no JavaFX, no DJL.
 */
package org.deepdrill.search;
