package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory Lucene index of every question, built-in and from packs: title, answer, key points,
 * checks, section and demo, each field weighted ({@link Fields}). Built once; searching is
 * thread-safe. A question that cannot be indexed is left out and named in {@link #skipped()}.
 */
public final class SearchIndex {
    public static final int MAX_LIMIT = 100;

    private final IndexSearcher searcher;
    private final Map<String, QuestionText> texts;
    private final List<String> skipped;
    private final Analyzer queryAnalyzer = Analyzers.forQuery();

    private SearchIndex(IndexSearcher searcher, Map<String, QuestionText> texts, List<String> skipped) {
        this.searcher = searcher;
        this.texts = texts;
        this.skipped = List.copyOf(skipped);
    }

    public static SearchIndex build(ContentSet content) {
        Map<Integer, String> sectionTitles = new HashMap<>();
        for (Section s : content.sections()) {
            sectionTitles.put(s.number(), s.title());
        }
        Map<String, QuestionText> texts = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        AnalyzedText.Analysers analysers = AnalyzedText.Analysers.forIndex();
        AnalyzedText.Dictionary dictionary = new AnalyzedText.Dictionary();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(Analyzers.english()).setRAMBufferSizeMB(64))) {
            for (Question q : content.questions()) {
                try {
                    QuestionText t = QuestionText.of(q, sectionTitles.getOrDefault(q.section(), ""), analysers, dictionary);
                    w.addDocument(t.toDocument());
                    texts.put(q.id(), t);
                } catch (RuntimeException e) { // one question the index refuses must not cost the others
                    skipped.add(q.id() + ": " + e.getMessage());
                }
            }
            w.commit();
            return new SearchIndex(new IndexSearcher(DirectoryReader.open(dir)), texts, skipped);
        } catch (IOException e) {
            throw new UncheckedIOException("the in-memory search index could not be built", e);
        }
    }

    /** Questions in the index. */
    public int size() {
        return texts.size();
    }

    /** Questions left out of the index, each with the reason. */
    public List<String> skipped() {
        return skipped;
    }

    public SearchResults search(String query, int limit) {
        return search(query, limit, false);
    }

    /**
     * The best {@code limit} questions for the query, each with a snippet. With {@code asYouType}
     * the last word also matches longer words that start with it.
     *
     * @throws BadQueryException if the query is empty, malformed or has nothing to search for
     */
    public SearchResults search(String query, int limit, boolean asYouType) {
        checkLimit(limit);
        Query q = new QueryReader(queryAnalyzer, searcher.getIndexReader()).read(query, asYouType);
        try {
            TopDocs top = searcher.search(q, limit);
            Snippets snippets = new Snippets(searcher.rewrite(q));
            List<SearchHit> hits = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                QuestionText t = texts.get(searcher.storedFields().document(sd.doc).get(Fields.ID));
                hits.add(new SearchHit(t.id(), t.sectionNumber(), t.section(), orPlain(snippets.whole(t.title()), t.title().text()),
                        sd.score, snippet(snippets, t)));
            }
            return new SearchResults(query.strip(), hits, top.totalHits.value);
        } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
            throw new BadQueryException(QueryReader.explain(query.strip(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws BadQueryException unless 1 ≤ limit ≤ {@link #MAX_LIMIT} */
    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadQueryException("The limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
    }

    /** The words to mark on a question's page for this query; empty if the query cannot be read. */
    public PageMatches pageMatches(String query, String questionId) {
        return pageMatches(query, questionId, false);
    }

    /** As {@link #pageMatches(String, String)}, for a query read as {@link #search(String, int, boolean)} reads it. */
    public PageMatches pageMatches(String query, String questionId, boolean asYouType) {
        QuestionText t = texts.get(questionId);
        if (t == null) {
            return new PageMatches(questionId, List.of(), List.of(), "");
        }
        try {
            Snippets s = new Snippets(searcher.rewrite(new QueryReader(queryAnalyzer, searcher.getIndexReader()).read(query, asYouType)));
            Set<String> words = new LinkedHashSet<>();
            for (AnalyzedText text : List.of(t.title(), t.body(), t.keyPoints(), t.checks())) {
                words.addAll(s.words(text));
            }
            String focus = t.passages().stream().map(s::passage).filter(p -> p != null).findFirst()
                    .flatMap(p -> p.segments().stream().filter(Snippet.Segment::match).findFirst())
                    .map(Snippet.Segment::text).orElse("");
            return new PageMatches(questionId, new ArrayList<>(words), QueryReader.userWords(query), focus);
        } catch (BadQueryException | IndexSearcher.TooManyClauses e) {
            return new PageMatches(questionId, List.of(), List.of(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Snippet snippet(Snippets s, QuestionText t) {
        for (AnalyzedText text : t.passages()) {
            Snippet p = s.passage(text);
            if (p != null) {
                return p;
            }
        }
        String all = t.body().text();
        String start = all.length() > 2 * Snippets.WINDOW ? all.substring(0, 2 * Snippets.WINDOW) : all;
        String body = start.replaceAll("\\s+", " ").strip();
        return Snippet.plain(body.length() <= Snippets.WINDOW ? body : body.substring(0, Snippets.WINDOW) + "…");
    }

    private static Snippet orPlain(Snippet s, String text) {
        return s != null ? s : Snippet.plain(text);
    }
}
