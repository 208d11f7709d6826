package org.deepdrill.search;

import org.deepdrill.content.ContentLibrary;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.HostileContentTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Pack questions are searched like built-in ones, and a hostile pack cannot break the index. */
class PackSearchTest {
    @TempDir
    Path dir;

    @Test
    void packQuestionsAreSearchable() throws IOException {
        ContentSet builtIn = ContentLoader.load(Path.of("content"));
        Path pack = GeneratedPack.write(dir.resolve("team"), 40, builtIn.questions());
        ContentSet all = ContentLibrary.load(Path.of("content"), List.of(pack));
        SearchIndex index = SearchIndex.build(all);
        assertEquals(builtIn.questions().size() + 40, index.size());
        SearchResults r = index.search(GeneratedPack.ownWord(17), 5);
        assertEquals(1, r.hits().size());
        SearchHit hit = r.hits().get(0);
        assertEquals("p0017-generated", hit.id());
        assertEquals("team: Generated questions", hit.sectionTitle());
        assertTrue(hit.section() >= ContentLibrary.FIRST_PACK_SECTION);
        assertTrue(hit.snippet().marked("[", "]").contains("[" + GeneratedPack.ownWord(17) + "]"), hit.snippet().text());
        assertTrue(index.search("Korthikanti", 50).hits().stream().anyMatch(h -> h.id().startsWith("p")), "pack answers hold the same text");
    }

    @Test
    void aHostilePackCannotBreakTheIndex() throws IOException {
        Path sec = Files.createDirectories(dir.resolve("evil/01-evil"));
        Files.writeString(sec.resolve("_section.md"), "---\nnumber: 1\ntitle: \"<script>alert(1)</script>\"\n---\nx\n");
        String hostile = HostileContentTestData.document();
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 900; i++) { // about 0.8 MB: the loader refuses files over 1 MB
            nested.append("  ".repeat(i)).append("- level ").append(i).append('\n');
        }
        List<String> bodies = List.of(
                hostile,
                nested.toString(),
                ">".repeat(50_000) + " deep quote\n",
                "x".repeat(900_000),
                "{".repeat(200_000) + "$" + "\\frac{".repeat(50_000) + "$",
                "`".repeat(1) + " a " + "``".repeat(2) + " b " + "```".repeat(3) + " c " + "`x".repeat(100_000),
                "](".repeat(200_000) + "[" + "$".repeat(100_000),
                "d_k" + "/√d_k".repeat(20_000) + " ZeRO" + "ᵀ".repeat(10_000) + " \u0000\u0001\uE000\uE001 text \uFFFF",
                "word ".repeat(150_000));
        for (int i = 0; i < bodies.size(); i++) {
            byte[] broken = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}; // invalid UTF-8
            write(sec.resolve("q" + i + ".md"), broken, "---\nid: evil-" + i + "\nsection: 1\ntitle: \"<img src=x onerror=alert(" + i
                    + ")> pwned title " + i + "\"\ndemo: attention-scaling\nkeyPoints:\n  - \"<script>pwned()</script>\"\n"
                    + "  - \"[click](javascript:pwned)\"\n  - \"$\\\\frac{{{{$\"\n---\n" + bodies.get(i) + "\n");
        }
        ContentSet set = ContentLibrary.load(Path.of("content"), List.of(dir.resolve("evil")));
        long evil = set.questions().stream().filter(q -> q.id().startsWith("evil-")).count();
        assertEquals(bodies.size(), evil, "the loader accepts every file: " + set.problems());
        SearchIndex index = SearchIndex.build(set);
        assertTrue(index.skipped().isEmpty(), index.skipped().toString());
        assertEquals(set.questions().size(), index.size());
        SearchResults pwned = index.search("pwned", 20);
        assertEquals(bodies.size(), pwned.hits().size(), "every hostile question is found by its title");
        assertTrue(pwned.hits().stream().allMatch(h -> h.id().startsWith("evil-")));
        SearchHit script = index.search("window.pwned", 5).hits().get(0);
        assertEquals("evil-0", script.id());
        assertTrue(script.snippet().text().contains("<script>") || script.snippet().text().contains("pwned"), "markup stays text");
        assertEquals("q06-attention-scaling", index.search("1/√d_k", 5).hits().get(0).id(), "built-ins still rank as before");
        for (String q : List.of("deep quote", "level 899", "ZeRO", "x", "word", "d_k")) {
            index.search(q, 10); // never throws
        }
    }

    private static void write(Path file, byte[] tail, String text) throws IOException {
        byte[] head = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        Files.write(file, all);
    }

    @Test
    void hostileQueriesGetAnswersOrAMessageNeverAnotherException() {
        SearchIndex index = SearchIndex.build(ContentLoader.load(Path.of("src/test/resources/fixture-content")));
        List<String> queries = List.of("<script>window.pwned = 1</script>", "[click](javascript:window.pwned=4)", "title:foo", "a:b",
                "foo~", "foo~2", "foo^2", "\"a\" \"b", "((((", "))))", "a OR", "NOT", "!", "&&", "||", "\\", "\"\"", "*", "?", "a*",
                "{a TO b}", "[a TO b]", "/regex/", "x".repeat(400), "w ".repeat(40), "√", "ᵀ", "𝔼[x]", "\u0000", "🙂 attention",
                "attention AND (", "+-attention", "-attention", "NOT attention", "attention NOT", "\"unclosed phrase", "a\"b\"c\"",
                "1/√d_k)", "(QK^T", "d_{k}", "\\frac{1}{\\sqrt{d_k}}", "e^{x}");
        for (String q : queries) {
            try {
                index.search(q, 10);
                index.search(q, 10, true);
            } catch (BadQueryException e) {
                assertFalse(e.getMessage().isBlank(), q);
            } catch (RuntimeException e) {
                fail("query " + q + " threw " + e);
            }
        }
    }
}
