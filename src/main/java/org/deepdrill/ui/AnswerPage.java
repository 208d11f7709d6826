package org.deepdrill.ui;

import org.deepdrill.content.MarkdownRenderer;

import java.net.URL;

/**
 * Wraps rendered answer HTML in a page with our bundled KaTeX, highlight.js and page script.
 * Content HTML is already sanitised by {@link MarkdownRenderer}; only these scripts run.
 */
public final class AnswerPage {
    private static final String KATEX = "/META-INF/resources/webjars/katex/0.16.4/dist/";
    private static final String HLJS = "/META-INF/resources/webjars/highlightjs/11.10.0/";

    private AnswerPage() {
    }

    /** What a rendered body depends on besides its source: the renderer versions and our page script. */
    static final String RENDERERS = KATEX + " " + HLJS + " " + resourceText("/org/deepdrill/ui/answer.js");

    /** A page to load, and the key its rendered body may be kept under (null: nothing to keep). */
    record Page(String html, String renderKey) {
    }

    /** KaTeX and highlight.js are loaded only by pages that have math or code: parsing them is most of a plain page's load. */
    static String page(String title, String subtitle, String bodyHtml, boolean dark) {
        return page(title, subtitle, bodyHtml, dark, hasMath(bodyHtml), hasCode(bodyHtml), true);
    }

    /**
     * The page for this Markdown. With a cache, a body rendered before comes back rendered and the
     * page needs only KaTeX's and highlight.js's style sheets; otherwise the page carries the key
     * to keep its body under once the scripts have run.
     */
    static Page markdownPage(String title, String subtitle, String markdown, java.nio.file.Path folder, boolean dark, RenderCache cache) {
        String body = MarkdownRenderer.toHtml(markdown, folder);
        boolean math = hasMath(body);
        boolean code = hasCode(body);
        if (cache == null || !(math || code)) {
            return new Page(page(title, subtitle, body, dark, math, code, true), null);
        }
        String key = RenderCache.key(body, RENDERERS);
        return cache.get(key)
                .map(done -> new Page(page(title, subtitle, done, dark, math, code, false), null))
                .orElseGet(() -> new Page(page(title, subtitle, body, dark, math, code, true), key));
    }

    private static boolean hasMath(String body) {
        return body.contains("class=\"math");
    }

    private static boolean hasCode(String body) {
        return body.contains("<pre><code");
    }

    private static String page(String title, String subtitle, String bodyHtml, boolean dark, boolean math, boolean code, boolean render) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + (math ? css(KATEX + "katex.min.css") : "") + (code ? css(HLJS + "styles/github.min.css") : "")
                + "<link rel=\"stylesheet\" href=\"" + url("/org/deepdrill/ui/answer.css") + "\">"
                + "</head><body class=\"" + (dark ? "dark" : "light") + "\">"
                + "<header><div class=\"subtitle\">" + esc(subtitle) + "</div><h1>" + esc(title) + "</h1></header>"
                + "<main>" + bodyHtml + "</main>"
                + (render && math ? js(KATEX + "katex.min.js") : "") + (render && code ? js(HLJS + "highlight.min.js") : "")
                + js("/org/deepdrill/ui/answer.js") + js("/org/deepdrill/ui/find.js")
                + "</body></html>";
    }

    public static String markdownPage(String title, String subtitle, String markdown, boolean dark) {
        return markdownPage(title, subtitle, markdown, null, dark);
    }

    static String markdownPage(String title, String subtitle, String markdown, java.nio.file.Path folder, boolean dark) {
        return page(title, subtitle, MarkdownRenderer.toHtml(markdown, folder), dark);
    }

    private static String css(String path) {
        return "<link rel=\"stylesheet\" href=\"" + url(path) + "\">";
    }

    private static String js(String path) {
        return "<script src=\"" + url(path) + "\"></script>";
    }

    private static String resourceText(String path) {
        try (java.io.InputStream in = AnswerPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource missing: " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String url(String path) {
        URL u = AnswerPage.class.getResource(path);
        if (u == null) {
            throw new IllegalStateException("bundled resource missing: " + path);
        }
        return u.toExternalForm();
    }

    /** A JavaScript array literal of strings, every character that could end a string escaped. */
    static String jsArray(java.util.List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (String s : items) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == '<' || c == '>') {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
