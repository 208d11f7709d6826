package org.deepdrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.deepdrill.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code content search}: ranked hits, the JSON shape, and clear refusals of bad queries. */
class ContentSearchCommandTest {
    @Test
    void printsRankedHitsWithScoresAndMarkedSnippets() {
        CliTest.Out r = run("content", "search", "Korthikanty");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).startsWith(" 1. q23-gradient-checkpointing") && lines.get(1).contains("score"), r.out());
        assertTrue(r.out().contains("**Korthikanti**"), "the typo is forgiven and the match marked: " + r.out());
        CliTest.Out words = run("content", "search", "label", "smoothing", "--limit", "2");
        assertEquals(0, words.code());
        assertTrue(words.out().contains("the best 2:"), words.out());
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        CliTest.Out r = run("content", "search", "QK^T", "--json", "--limit", "3");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("QK^T", j.path("query").asText());
        assertEquals(3, j.path("hits").size());
        JsonNode first = j.path("hits").get(0);
        assertEquals(List.of("id", "title", "section", "score", "snippet"), iterable(first));
        assertEquals("q06-attention-scaling", first.path("id").asText());
        assertEquals("2. Attention and Transformer Mechanisms", first.path("section").asText());
        assertTrue(first.path("score").isNumber() && first.path("score").asDouble() >= j.path("hits").get(1).path("score").asDouble());
        assertTrue(first.path("snippet").asText().contains("**QKᵀ**"), first.path("snippet").asText());
    }

    private static List<String> iterable(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void noHitsIsSaidPlainly() throws Exception {
        CliTest.Out r = run("content", "search", "xylophonic");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("No question matches \"xylophonic\""), r.out());
        JsonNode j = new ObjectMapper().readTree(run("content", "search", "xylophonic", "--json").out());
        assertEquals(0, j.path("hits").size());
    }

    @Test
    void emptyOrMalformedQueriesExitTwoWithAMessage() {
        for (String q : List.of("", "  ", "\"unbalanced", "AND", "+", "-", "attention AND", "(attention", "*tion", "the")) {
            CliTest.Out r = run("content", "search", q);
            assertEquals(2, r.code(), q + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("error: "), q + ": " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        CliTest.Out limit = run("content", "search", "attention", "--limit", "0");
        assertEquals(2, limit.code());
        assertTrue(limit.err().contains("between 1 and 100"), limit.err());
        assertEquals(2, run("content", "search").code(), "a query is required");
    }

    @Test
    void packsAreSearchedWhenAsked(@TempDir Path data) throws Exception {
        Path sec = Files.createDirectories(data.resolve("packs/team/01-mine"));
        Files.writeString(sec.resolve("_section.md"), "---\nnumber: 1\ntitle: Mine\n---\nMine.");
        Files.writeString(sec.resolve("q1.md"), "---\nid: team-dropout\nsection: 1\ntitle: Why does dropout regularise?\n"
                + "demo: attention-scaling\nkeyPoints:\n  - a\n  - b\n  - c\n---\nDropout with rate p zeroes units; zyzzogeton ensembles.\n");
        String old = System.getProperty("deepdrill.data");
        System.setProperty("deepdrill.data", data.toString());
        try {
            assertTrue(run("content", "search", "zyzzogeton").out().startsWith("No question matches"), "built-in content alone");
            CliTest.Out r = run("content", "search", "zyzzogeton", "--packs");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("team-dropout") && r.out().contains("team: Mine"), r.out());
        } finally {
            if (old == null) {
                System.clearProperty("deepdrill.data");
            } else {
                System.setProperty("deepdrill.data", old);
            }
        }
    }
}
