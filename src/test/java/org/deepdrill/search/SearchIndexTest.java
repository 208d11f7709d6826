package org.deepdrill.search;

import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Question;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Searches over the real built-in content: every search the issue names finds its answer first. */
class SearchIndexTest {
    static ContentSet content;
    static SearchIndex index;

    @BeforeAll
    static void build() {
        content = ContentLoader.load(Path.of("content"));
        index = SearchIndex.build(content);
    }

    static String describe(SearchResults r) {
        StringBuilder b = new StringBuilder(r.query() + " ->");
        r.hits().forEach(h -> b.append(String.format(Locale.ROOT, "%n  %-36s %7.3f  %s", h.id(), h.score(), h.snippet().marked("[", "]"))));
        return b.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Korthikanti | q23-gradient-checkpointing",
            "Korthikanty | q23-gradient-checkpointing",
            "ZeRO | q19-optimizers-schedules",
            "d_k | q06-attention-scaling",
            "QK^T | q06-attention-scaling",
            "1/√d_k | q06-attention-scaling",
            "KL | q27-vae",
            "checkpointng | q23-gradient-checkpointing",
    })
    void namedSearchesFindTheirAnswerFirst(String query, String expected) {
        SearchResults r = index.search(query, 10);
        System.out.println(describe(r));
        assertFalse(r.isEmpty(), query + " found nothing");
        assertEquals(expected, r.hits().get(0).id(), describe(r));
    }

    @Test
    void indexHoldsEveryQuestion() {
        assertTrue(index.skipped().isEmpty(), index.skipped().toString());
        assertEquals(content.questions().size(), index.size());
    }

    @Test
    void aWordNoAnswerContainsFindsNothing() {
        String word = "xylophonic";
        for (Question q : content.questions()) {
            assertFalse((q.title() + q.answer() + q.keyPoints()).toLowerCase(Locale.ROOT).contains(word), q.id());
        }
        assertTrue(index.search(word, 10).isEmpty());
    }

    @Test
    void malformedQueriesAreRefusedWithAMessage() {
        for (String bad : List.of("", "   ", "\"unbalanced", "AND", "+", "-", "OR NOT", "attention AND", "*tion", "(attention", "the")) {
            BadQueryException e = assertThrows(BadQueryException.class, () -> index.search(bad, 10), "query: " + bad);
            System.out.println("[" + bad + "] " + e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }
}
