package org.deepdrill.ui;

import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
import org.deepdrill.ui.bench.StartupProbe;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.search.PageMatches;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a question or a section introduction. It paints a native preview at once (title and the
 * first paragraph) and swaps in the full answer in a WebView, with KaTeX and highlighting, once
 * the WebView exists. Links never open inside the app.
 */
public final class QuestionView {
    private final StackPane root = new StackPane();
    private final VBox preview = new VBox(10);
    private final Label previewSubtitle = new Label();
    private final Label previewTitle = new Label();
    private final TextFlow previewText = new TextFlow();
    private WebView web;
    /** The page last asked for, made on a worker (Markdown, cache look-up), shown once the WebView exists. */
    private java.util.concurrent.CompletableFuture<AnswerPage.Page> pendingPage;
    /** Counts pages asked for: a page that arrives after a newer request is dropped. */
    private long requested;
    private static final java.util.concurrent.Executor PAGES = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "answer-page");
        t.setDaemon(true);
        return t;
    });
    private String shownHtml;
    private AnswerPage.Page shownPage;
    private RenderCache renderCache;
    /** The question on the page, or null for a section; search marks are for this question only. */
    private String shownId;
    private boolean loaded;
    private PageMatches pendingFind;
    private boolean dark;
    private Runnable onAnswerRendered = () -> { };
    private Consumer<String> openExternal = url -> { };
    private Runnable onOpenDemo = () -> { };

    public QuestionView() {
        previewTitle.getStyleClass().add("preview-title");
        previewTitle.setWrapText(true);
        previewSubtitle.getStyleClass().add("preview-subtitle");
        previewText.getStyleClass().add("preview-text");
        preview.getChildren().addAll(previewSubtitle, previewTitle, previewText);
        preview.setPadding(new Insets(18, 28, 18, 28));
        preview.getStyleClass().add("answer-preview");
        preview.setId("answer-preview");
        root.getChildren().add(preview);
        root.setMinWidth(360);
    }

    public StackPane root() {
        return root;
    }

    void onAnswerRendered(Runnable r) {
        onAnswerRendered = r;
    }

    void onOpenDemo(Runnable r) {
        onOpenDemo = r;
    }

    void setOpenExternal(Consumer<String> c) {
        openExternal = c;
    }

    public String previewTitle() {
        return previewTitle.getText();
    }

    public WebView webView() {
        return web;
    }

    public void show(Question q, Section s) {
        show(q, s, null);
    }

    public void show(Question q, Section s, java.nio.file.Path folder) {
        shownId = q.id();
        String subtitle = (s == null ? "" : "Section " + s.number() + " · " + s.title() + " · ") + "demo: " + q.demo();
        showPreview(subtitle, NavigationTree.questionLabel(q), firstParagraph(q.answer()));
        boolean d = dark;
        RenderCache cache = renderCache;
        display(() -> AnswerPage.markdownPage(NavigationTree.questionLabel(q), subtitle, q.answer() + keyPointsMarkdown(q), folder, d, cache));
    }

    public void showSection(Section s) {
        shownId = null;
        StringBuilder md = new StringBuilder(s.intro()).append("\n\n");
        if (s.questions().isEmpty()) {
            md.append("**This section has no questions yet.**\n");
        } else {
            md.append("## Questions\n\n");
            s.questions().forEach(q -> md.append("- ").append(NavigationTree.questionLabel(q)).append(" (demo `").append(q.demo()).append("`)\n"));
        }
        showPreview("Section " + s.number(), s.title(), firstParagraph(s.intro()));
        boolean d = dark;
        RenderCache cache = renderCache;
        display(() -> AnswerPage.markdownPage(s.title(), "Section " + s.number(), md.toString(), null, d, cache));
    }

    private static String keyPointsMarkdown(Question q) {
        if (q.keyPoints().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n\n## Key points\n\n");
        q.keyPoints().forEach(k -> sb.append("- ").append(k).append('\n'));
        return sb.toString();
    }

    private void showPreview(String subtitle, String title, String text) {
        previewSubtitle.setText(subtitle.toUpperCase(Locale.ROOT));
        previewTitle.setText(title);
        previewText.getChildren().setAll(new Text(text));
        if (web == null) {
            preview.setVisible(true);
        }
    }

    private void display(java.util.function.Supplier<AnswerPage.Page> page) {
        pendingPage = java.util.concurrent.CompletableFuture.supplyAsync(page, PAGES);
        long n = ++requested;
        if (web != null) {
            loadWhenMade(n);
        }
    }

    /** Loads the pending page on the FX thread once made, unless another was asked for meanwhile. */
    private void loadWhenMade(long n) {
        pendingPage.whenComplete((page, error) -> javafx.application.Platform.runLater(() -> {
            if (n != requested) {
                return;
            }
            StartupProbe.mark("page made");
            load(page != null ? page : new AnswerPage.Page("<!DOCTYPE html><html><body><p>This page could not be shown: "
                    + AnswerPage.esc(String.valueOf(error.getCause() != null ? error.getCause().getMessage() : error)) + "</p></body></html>", null));
        }));
    }

    private void load(AnswerPage.Page page) {
        shownPage = page;
        String html = page.html();
        shownHtml = html;
        loaded = false;
        web.getEngine().loadContent(html);
    }

    /**
     * Marks a search's matches on the question's page and scrolls to the first one, now if the page
     * is shown, else once it has loaded. Ignored if another question is shown by then.
     */
    public void find(PageMatches matches) {
        pendingFind = matches;
        applyFind();
    }

    private void applyFind() {
        PageMatches m = pendingFind;
        if (m == null || web == null || !loaded || !m.questionId().equals(shownId)) {
            return;
        }
        pendingFind = null;
        web.getEngine().executeScript("window.deepdrillFind && window.deepdrillFind(" + AnswerPage.jsArray(m.words()) + ","
                + AnswerPage.jsArray(m.typed()) + "," + AnswerPage.jsArray(java.util.List.of(m.focus())) + "[0])");
    }

    /** Creates the WebView (slow the first time) and shows the pending page in it. */
    void startWebView() {
        if (web != null) {
            return;
        }
        StartupProbe.mark("creating the WebView");
        web = new WebView();
        web.setId("answer-web");
        web.setContextMenuEnabled(false);
        WebEngine engine = web.getEngine();
        engine.setJavaScriptEnabled(true);
        engine.setCreatePopupHandler(features -> null);
        engine.getLoadWorker().stateProperty().addListener((o, a, state) -> {
            if (state == Worker.State.SUCCEEDED) {
                loaded = true;
                // The page was made on a worker with the theme of that moment; the theme may have changed since.
                engine.executeScript("document.body.className='" + (dark ? "dark" : "light") + "'");
                StartupProbe.mark("page loaded; KaTeX and highlighting took (ms) "
                        + engine.executeScript("document.body.getAttribute('data-render-ms')"));
                keepRendered(engine);
                preview.setVisible(false);
                web.setVisible(true);
                onAnswerRendered.run();
                applyFind();
            }
        });
        engine.locationProperty().addListener((o, a, loc) -> interceptNavigation(loc));
        web.setVisible(false);
        root.getChildren().add(0, web);
        StartupProbe.mark("WebView created");
        if (pendingPage != null) {
            loadWhenMade(requested);
        }
    }

    /** Keeps the body KaTeX and highlight.js just rendered, before find marks touch it. */
    private void keepRendered(WebEngine engine) {
        AnswerPage.Page page = shownPage;
        if (renderCache == null || page == null || page.renderKey() == null) {
            return;
        }
        Object body = engine.executeScript("document.body.getAttribute('data-rendered') === 'true'"
                + " ? document.querySelector('main').innerHTML : null");
        if (body instanceof String html) {
            renderCache.put(page.renderKey(), html);
        }
    }

    /** Rendered answers kept between runs; null (the default) keeps none. */
    void setRenderCache(RenderCache cache) {
        renderCache = cache;
    }

    /** A clicked link would navigate the WebView away: go back to the page and offer the link outside. */
    private void interceptNavigation(String loc) {
        if (loc == null || loc.isEmpty() || loc.startsWith("about:") || loc.startsWith("jar:") || loc.startsWith("data:")) {
            return;
        }
        javafx.application.Platform.runLater(() -> {
            load(new AnswerPage.Page(shownHtml, null));
            if (loc.startsWith("http://") || loc.startsWith("https://") || loc.startsWith("mailto:")) {
                Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Open this link in your browser?\n\n" + loc,
                        ButtonType.OK, ButtonType.CANCEL);
                a.setHeaderText("External link");
                a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> openExternal.accept(loc));
            }
        });
    }

    void setDark(boolean on) {
        dark = on;
        if (web != null) {
            web.getEngine().executeScript("document.body.className='" + (on ? "dark" : "light") + "'");
            web.setPageFill(on ? javafx.scene.paint.Color.web("#0d1117") : javafx.scene.paint.Color.WHITE);
        }
    }

    /** The first paragraph of Markdown as plain text, for the instant preview. */
    static String firstParagraph(String markdown) {
        for (String para : markdown.split("\n\\s*\n")) {
            String p = para.strip();
            if (p.isEmpty() || p.startsWith("#") || p.startsWith("```") || p.startsWith("|") || p.startsWith("$$")) {
                continue;
            }
            return p.replaceAll("[*_`$]", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replaceAll("\\s+", " ");
        }
        return "";
    }

    /**
     * Scrolls the answer to the heading written as {@code markdownHeading} (math in it may be
     * rendered, so the words outside $…$ are matched in order) and marks it for a moment.
     */
    void scrollToHeading(String markdownHeading) {
        if (web == null) {
            return;
        }
        String words = markdownHeading.replaceAll("\\$[^$]*\\$", " ").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", " ").trim();
        String js = "(function(w){var ws=w.split(' ');var hs=document.querySelectorAll('h2,h3,h4');"
                + "for(var i=0;i<hs.length;i++){var t=hs[i].textContent.toLowerCase().replace(/[^a-z0-9]+/g,' ');"
                + "var at=0,ok=true;for(var j=0;j<ws.length&&ok;j++){var k=t.indexOf(ws[j],at);if(k<0){ok=false;}else{at=k+ws[j].length;}}"
                + "if(ok){hs[i].scrollIntoView({block:'start'});hs[i].classList.add('flash');"
                + "setTimeout(function(h){return function(){h.classList.remove('flash');};}(hs[i]),2500);return true;}}"
                + "return false;})('" + words + "')";
        web.getEngine().executeScript(js);
    }
}
