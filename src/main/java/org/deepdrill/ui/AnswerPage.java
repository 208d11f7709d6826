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

    /** KaTeX and highlight.js are loaded only by pages that have math or code: parsing them is most of a plain page's load. */
    static String page(String title, String subtitle, String bodyHtml, boolean dark) {
        boolean math = bodyHtml.contains("class=\"math");
        boolean code = bodyHtml.contains("<pre><code");
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + (math ? css(KATEX + "katex.min.css") : "") + (code ? css(HLJS + "styles/github.min.css") : "")
                + "<link rel=\"stylesheet\" href=\"" + url("/org/deepdrill/ui/answer.css") + "\">"
                + "</head><body class=\"" + (dark ? "dark" : "light") + "\">"
                + "<header><div class=\"subtitle\">" + esc(subtitle) + "</div><h1>" + esc(title) + "</h1></header>"
                + "<main>" + bodyHtml + "</main>"
                + (math ? js(KATEX + "katex.min.js") : "") + (code ? js(HLJS + "highlight.min.js") : "")
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
