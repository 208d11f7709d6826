package org.deepdrill.ui.quiz;

import org.deepdrill.content.MarkdownRenderer;

import java.net.URL;

/**
 * An HTML page for a model answer, using the app's bundled KaTeX, highlight.js, answer.css and
 * answer.js (the same look as the study view). The Markdown is rendered and sanitised by
 * {@link MarkdownRenderer}; only the bundled scripts run.
 */
final class QuizPage {
    private static final String KATEX = "/META-INF/resources/webjars/katex/0.16.4/dist/";
    private static final String HLJS = "/META-INF/resources/webjars/highlightjs/11.10.0/";

    private QuizPage() {
    }

    static String of(String title, String subtitle, String markdown, boolean dark) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + link(KATEX + "katex.min.css") + link(HLJS + "styles/github.min.css") + link("/org/deepdrill/ui/answer.css")
                + "</head><body class=\"" + (dark ? "dark" : "light") + "\">"
                + "<header><div class=\"subtitle\">" + esc(subtitle) + "</div><h1>" + esc(title) + "</h1></header>"
                + "<main>" + MarkdownRenderer.toHtml(markdown) + "</main>"
                + script(KATEX + "katex.min.js") + script(HLJS + "highlight.min.js") + script("/org/deepdrill/ui/answer.js")
                + "</body></html>";
    }

    private static String link(String path) {
        return "<link rel=\"stylesheet\" href=\"" + resource(path) + "\">";
    }

    private static String script(String path) {
        return "<script src=\"" + resource(path) + "\"></script>";
    }

    private static String resource(String path) {
        URL u = QuizPage.class.getResource(path);
        if (u == null) {
            throw new IllegalStateException("bundled resource missing: " + path);
        }
        return u.toExternalForm();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
