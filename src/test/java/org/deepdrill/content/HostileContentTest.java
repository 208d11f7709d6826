package org.deepdrill.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Untrusted pack content: nothing it contains may run, escape its folder, or stall the app. */
class HostileContentTest {
    @TempDir
    Path dir;

    static final List<String> HOSTILE = List.of(
            "<script>window.pwned = 1</script>",
            "<img src=x onerror=\"window.pwned = 2\">",
            "<div onclick=\"window.pwned = 3\" onmouseover=\"x()\">hover</div>",
            "[click](javascript:window.pwned=4)",
            "[click](JaVaScRiPt:alert(1))",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<object data=\"x.swf\"></object>",
            "[file](file:///etc/passwd)",
            "![secret](file:///etc/passwd)",
            "![up](../../../../etc/passwd)",
            "![abs](/etc/passwd)",
            "<style>body{display:none}</style>",
            "<svg onload=\"window.pwned=5\"></svg>",
            "<a href=\"javascript:void(0)\">raw</a>");

    @Test
    void noActiveMarkupSurvivesRendering() {
        for (String h : HOSTILE) {
            String html = MarkdownRenderer.toHtml(h + "\n", dir);
            String lower = html.toLowerCase();
            assertFalse(lower.contains("<script"), h + " -> " + html);
            assertFalse(lower.contains("<iframe") || lower.contains("<object") || lower.contains("<svg") || lower.contains("<style"), h + " -> " + html);
            assertFalse(lower.matches("(?s).*<[a-z]+[^>]*\\son[a-z]+=.*"), "event attribute in a real tag: " + html);
            assertFalse(lower.contains("href=\"javascript") || lower.contains("href=\"data:") || lower.contains("href=\"file:"), h + " -> " + html);
            assertFalse(lower.contains("src=\"file:///etc"), h + " -> " + html);
        }
    }

    @Test
    void imagesLoadOnlyFromInsideTheFolderAndWithinTheSizeLimit() throws IOException {
        Files.createDirectories(dir.resolve("img"));
        Files.write(dir.resolve("img/ok.png"), new byte[100]);
        Files.write(dir.resolve("img/huge.png"), new byte[(int) MarkdownRenderer.MAX_IMAGE_BYTES + 1]);
        String ok = MarkdownRenderer.toHtml("![ok](img/ok.png)", dir);
        assertTrue(ok.contains("src=\"" + dir.resolve("img/ok.png").toUri()), ok);
        assertTrue(MarkdownRenderer.toHtml("![huge](img/huge.png)", dir).contains("data-blocked"));
        assertTrue(MarkdownRenderer.toHtml("![none](img/missing.png)", dir).contains("data-blocked"));
        assertTrue(MarkdownRenderer.toHtml("![up](img/../../x.png)", dir).contains("data-blocked"));
        assertTrue(MarkdownRenderer.toHtml("![remote](https://evil.example/a.png)", dir).contains("data-blocked"));
    }

    @Test
    void deeplyNestedListsRenderQuickly() {
        StringBuilder md = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            md.append("  ".repeat(i)).append("- level ").append(i).append('\n');
        }
        long t0 = System.nanoTime();
        String html = MarkdownRenderer.toHtml(md.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "3000 nested list levels took " + ms + " ms");
        assertTrue(html.contains("level 2999") || html.contains("shown as plain text"), "rendered, or shown as plain text with a notice");
        StringBuilder quotes = new StringBuilder(">".repeat(50_000)).append(" deep\n");
        t0 = System.nanoTime();
        String q = MarkdownRenderer.toHtml(quotes.toString());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
        assertTrue(q.contains("deep"), "never an exception, always something to show");
    }

    @Test
    void tenMegabyteFileIsRefusedWithAMessage() throws IOException {
        Files.createDirectories(dir.resolve("01-p"));
        Files.writeString(dir.resolve("01-p/_section.md"), "---\nnumber: 1\ntitle: P\n---\nintro");
        Files.writeString(dir.resolve("01-p/q1.md"), "---\nid: big\ntitle: Big\ndemo: x\nkeyPoints: [a, b, c]\n---\n" + "word ".repeat(2_000_000));
        long t0 = System.nanoTime();
        ContentSet set = ContentLoader.load(dir);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
        assertEquals(0, set.questions().size());
        assertTrue(set.problems().get(0).message().contains("the limit is 1000000"), set.problems().toString());
    }
}
