package org.deepdrill.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderCacheTest {
    @TempDir
    Path dir;

    @Test
    void keyDependsOnBodyAndRenderers() {
        String k = RenderCache.key("<p>$x$</p>", "katex 1");
        assertTrue(k.matches("[0-9a-f]{64}"));
        assertEquals(k, RenderCache.key("<p>$x$</p>", "katex 1"));
        assertNotEquals(k, RenderCache.key("<p>$y$</p>", "katex 1"), "edited content misses");
        assertNotEquals(k, RenderCache.key("<p>$x$</p>", "katex 2"), "a new renderer misses");
    }

    @Test
    void keepsWhatWasPut() throws Exception {
        RenderCache cache = new RenderCache(dir.resolve("answers"));
        String key = RenderCache.key("body", "r");
        assertEquals(Optional.empty(), cache.get(key));
        cache.put(key, "<span class=\"katex\">x</span>");
        cache.flush();
        assertEquals(Optional.of("<span class=\"katex\">x</span>"), cache.get(key));
    }

    @Test
    void oddFilesAndKeysAreMisses() throws Exception {
        Path answers = dir.resolve("answers");
        Files.createDirectories(answers);
        RenderCache cache = new RenderCache(answers);
        String empty = RenderCache.key("a", "r");
        Files.writeString(answers.resolve(empty + ".html"), "");
        String folder = RenderCache.key("b", "r");
        Files.createDirectories(answers.resolve(folder + ".html"));
        assertEquals(Optional.empty(), cache.get(empty), "an empty file");
        assertEquals(Optional.empty(), cache.get(folder), "a folder where the file should be");
        assertEquals(Optional.empty(), cache.get("../../etc/passwd"), "not a key");
        cache.put("../escape", "x");
        cache.flush();
        assertFalse(Files.exists(dir.resolve("escape.html")), "only hex keys name files");
    }

    @Test
    void anUnwritableFolderOnlyMeansMisses() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        RenderCache cache = new RenderCache(file.resolve("answers"));
        String key = RenderCache.key("body", "r");
        cache.put(key, "<p>x</p>");
        cache.flush();
        assertEquals(Optional.empty(), cache.get(key));
    }

    @Test
    void keepsTheNewestEntries() throws Exception {
        Path answers = dir.resolve("answers");
        RenderCache cache = new RenderCache(answers);
        for (int i = 0; i < RenderCache.MAX_FILES + 5; i++) {
            cache.put(RenderCache.key("body " + i, "r"), "<p>" + i + "</p>");
        }
        cache.flush();
        try (var files = Files.list(answers)) {
            assertEquals(RenderCache.MAX_FILES, files.count());
        }
    }

    @Test
    void aCachedBodyComesBackWithoutTheRenderScripts() throws Exception {
        RenderCache cache = new RenderCache(dir.resolve("answers"));
        AnswerPage.Page first = AnswerPage.markdownPage("T", "S", "Energy $E = mc^2$.", null, false, cache);
        assertTrue(first.html().contains("katex.min.js"), "a miss renders in the page");
        assertTrue(first.renderKey() != null, "and says where to keep the result");

        cache.put(first.renderKey(), "<p>Energy <span class=\"math inline\"><span class=\"katex\">E</span></span>.</p>");
        cache.flush();
        AnswerPage.Page again = AnswerPage.markdownPage("T", "S", "Energy $E = mc^2$.", null, false, cache);
        assertFalse(again.html().contains("katex.min.js"), "a hit needs no KaTeX script");
        assertTrue(again.html().contains("katex.min.css"), "but keeps its style sheet");
        assertTrue(again.html().contains("<span class=\"katex\">E</span>"));
        assertNull(again.renderKey());

        AnswerPage.Page plain = AnswerPage.markdownPage("T", "S", "No math here.", null, false, cache);
        assertNull(plain.renderKey(), "nothing to render, nothing to keep");
    }
}
