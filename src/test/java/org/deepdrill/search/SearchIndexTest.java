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
            "ZeRO | q42-distributed-training",
            "all-reduce | q42-distributed-training",
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

    /** Two typos are allowed only on a long stem: quixotic (stem quixot) must not find "quiet", two edits away. */
    @Test
    void aShortStemForgivesOneTypoNotTwo() {
        assertTrue(index.search("quixotic", 5).hits().isEmpty());
        assertEquals("q23-gradient-checkpointing", index.search("Korthikanty", 5).hits().get(0).id());
    }

    @Test
    void aPhraseFindsEveryAnswerThatUsesItBeforeTheOthers() {
        // Checked against the content as it is: the answers that mention it, led by the one on regularisation.
        List<String> using = content.questions().stream()
                .filter(q -> QuestionText.text(q.answer() + "\n" + String.join("\n", q.keyPoints())).toLowerCase(Locale.ROOT)
                        .contains("label smoothing"))
                .map(Question::id).toList();
        assertFalse(using.isEmpty(), "the current content mentions label smoothing in passing");
        SearchResults r = index.search("label smoothing", 20);
        List<String> top = r.hits().stream().limit(using.size()).map(SearchHit::id).toList();
        assertEquals(new java.util.HashSet<>(using), new java.util.HashSet<>(top), describe(r));
        assertEquals("q34-regularisation", r.hits().get(0).id(), describe(r));
        assertTrue(r.hits().get(0).snippet().marked("[", "]").toLowerCase(Locale.ROOT).contains("[label] [smoothing]"), describe(r));
    }

    @Test
    void snippetsMarkTheMatchedWordsAsWritten() {
        SearchHit zero = index.search("ZeRO", 5).hits().get(0);
        assertTrue(zero.snippet().marked("[", "]").contains("[ZeRO]"), zero.snippet().marked("[", "]"));
        SearchHit scaled = index.search("1/√d_k", 5).hits().get(0);
        assertTrue(scaled.title().marked("[", "]").contains("[1/√d_k]"), scaled.title().marked("[", "]"));
        SearchHit stem = index.search("checkpoints", 5).hits().get(0);
        assertEquals("q23-gradient-checkpointing", stem.id());
        assertTrue(stem.title().marked("[", "]").contains("[checkpointing]"), "stemming: checkpoints finds checkpointing");
        assertTrue(stem.snippet().hasMatch());
    }

    @Test
    void theWordBeingTypedMatchesAsAPrefix() {
        assertTrue(index.search("gradient checkpo", 5).isEmpty(), "a finished query takes words as they are");
        SearchResults typing = index.search("gradient checkpo", 5, true);
        assertEquals("q23-gradient-checkpointing", typing.hits().get(0).id(), describe(typing));
        assertTrue(index.search("gradient checkpo ", 5, true).isEmpty(), "after a space the word is finished");
    }

    @ParameterizedTest
    @CsvSource({"ZeRO", "KL", "Korthikanti", "label smoothing", "d_k", "attention"})
    void aFinishedWordRanksAsTypedAsItDoesInTheFinalQuery(String query) {
        SearchResults typed = index.search(query, 10, true);
        SearchResults done = index.search(query, 10);
        assertEquals(done.hits().stream().map(SearchHit::id).toList(), typed.hits().stream().map(SearchHit::id).toList(),
                describe(typed) + "\n" + describe(done));
    }

    @Test
    void aQueryBeingTypedIsCompletedNotRefused() {
        for (String typing : List.of("attention AND", "\"label smooth", "(attention OR memory", "softmax(QK^T", "KV -")) {
            index.search(typing, 5, true); // no BadQueryException
        }
        assertEquals("q34-regularisation", index.search("\"label smooth", 5, true).hits().get(0).id());
        assertThrows(BadQueryException.class, () -> index.search("AND", 5, true), "nothing but an operator is still refused");
        assertFalse(index.search("softmax(QK^T)", 5).isEmpty(), "a formula keeps its own brackets");
        assertFalse(index.search("(d_k)", 5).isEmpty());
    }

    @Test
    void operatorsPhrasesAndWildcardsWork() {
        SearchResults without = index.search("attention -linear", 50);
        assertFalse(without.isEmpty());
        assertTrue(without.hits().stream().noneMatch(h -> h.id().equals("q09-attention-complexity")), describe(without));
        assertEquals("q33-bias-variance", index.search("\"bias-variance decomposition\"", 5).hits().get(0).id());
        assertFalse(index.search("quant*", 5).isEmpty());
        SearchResults either = index.search("Korthikanti OR ZeRO", 20);
        List<String> ids = either.hits().stream().map(SearchHit::id).toList();
        assertTrue(ids.contains("q23-gradient-checkpointing") && ids.contains("q19-optimizers-schedules"), describe(either));
        assertTrue(index.search("Korthikanti AND AdamW", 20).isEmpty(), "no answer names both");
    }

    @Test
    void pageMatchesListTheWordsAsTheAnswerWritesThem() {
        PageMatches m = index.pageMatches("checkpoint memory", "q23-gradient-checkpointing");
        assertTrue(m.words().contains("checkpointing") && m.words().contains("memory"), m.words().toString());
        assertEquals(List.of("checkpoint", "memory"), m.typed());
        assertTrue(index.pageMatches("AND", "q23-gradient-checkpointing").isEmpty(), "a bad query marks nothing");
        assertTrue(index.pageMatches("memory", "no-such-question").isEmpty());
        assertEquals("ZeRO", index.pageMatches("ZeRO", "q19-optimizers-schedules").focus(), "the page scrolls to the name, not to 'zero'");
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
