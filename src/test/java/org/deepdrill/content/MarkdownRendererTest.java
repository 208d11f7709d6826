package org.deepdrill.content;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownRendererTest {
    @Test
    void aWrappedParagraphRendersItsLineBreaksAsSpacesButCodeKeepsThem() {
        String html = MarkdownRenderer.toHtml("one line\nand the next\n\n```\nx = 1\ny = 2\n```\n", null);
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("<p>one line and the next</p>"), html);
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("x = 1\ny = 2"), html);
    }

    @Test
    void mathSurvivesMarkdownAndIsEscaped() {
        String html = MarkdownRenderer.toHtml("Var is $d_k \\sigma_q^2 \\sigma_k^2$ and *bold*.\n\n$$\n\\frac{a_1}{b_2} < c\n$$\n");
        assertTrue(html.contains("<span class=\"math inline\">d_k \\sigma_q^2 \\sigma_k^2</span>"), html);
        assertTrue(html.contains("<div class=\"math display\">\\frac{a_1}{b_2} &lt; c</div>"), html);
        assertTrue(html.contains("<em>bold</em>"), html);
    }

    @Test
    void codeIsNotMath() {
        String html = MarkdownRenderer.toHtml("`$x$` and\n\n```python\ncost = $5\n```\n");
        assertTrue(html.contains("<code>$x$</code>"), html);
        assertTrue(html.contains("cost = $5"), html);
    }

    @Test
    void tablesRender() {
        String html = MarkdownRenderer.toHtml("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assertTrue(html.contains("<table>") && html.contains("<td>2</td>"), html);
    }

    @Test
    void hostileHtmlAndUrlsAreNeutralised() {
        String html = MarkdownRenderer.toHtml("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                + "[click](javascript:alert(1)) [file](file:///etc/passwd) [ok](https://example.org)\n\n"
                + "![remote](https://evil.example/x.png) ![local](img/a.png) <iframe src=\"https://x\"></iframe>");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img src=x"), html);
        assertFalse(html.contains("<iframe"), html);
        assertFalse(html.contains("javascript:"), html);
        assertFalse(html.contains("file:///"), html);
        assertTrue(html.contains("href=\"https://example.org\""), html);
        assertFalse(html.contains("evil.example"), html);
        assertFalse(html.contains("src=\"img/a.png\""), "without a folder, relative images are blocked too: " + html);
    }
}
