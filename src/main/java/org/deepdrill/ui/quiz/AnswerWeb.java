package org.deepdrill.ui.quiz;

import javafx.application.Application;
import javafx.concurrent.Worker;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.web.WebView;

/**
 * The model answer in a WebView, so that math renders with KaTeX. The WebView is created on the
 * first reveal (it is slow to start), and a placeholder stands in until then. Links do not navigate.
 */
final class AnswerWeb {
    private final StackPane root = new StackPane();
    private final Label placeholder = new Label();
    private WebView web;
    private String shown;

    AnswerWeb() {
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("quiz-placeholder");
        root.getChildren().add(placeholder);
        root.getStyleClass().add("quiz-answer");
        root.setMinWidth(280);
    }

    Node root() {
        return root;
    }

    WebView webView() {
        return web;
    }

    void hide(String text) {
        placeholder.setText(text);
        placeholder.setVisible(true);
        if (web != null) {
            web.setVisible(false);
        }
    }

    void show(String title, String subtitle, String markdown) {
        ensureWeb();
        shown = org.deepdrill.ui.AnswerPage.markdownPage(title, subtitle, markdown, isDark());
        web.setPageFill(isDark() ? Color.web("#0d1117") : Color.WHITE);
        web.getEngine().loadContent(shown);
        placeholder.setVisible(false);
        web.setVisible(true);
    }

    private void ensureWeb() {
        if (web != null) {
            return;
        }
        web = new WebView();
        web.setId("quiz-answer-web");
        web.setContextMenuEnabled(false);
        web.getEngine().setJavaScriptEnabled(true);
        web.getEngine().setCreatePopupHandler(f -> null);
        // A clicked link would replace the page: put the answer back.
        web.getEngine().locationProperty().addListener((o, a, loc) -> {
            if (loc != null && (loc.startsWith("http") || loc.startsWith("file") || loc.startsWith("mailto"))) {
                javafx.application.Platform.runLater(() -> web.getEngine().loadContent(shown));
            }
        });
        web.getEngine().getLoadWorker().stateProperty().addListener((o, a, s) -> {
            if (s == Worker.State.FAILED) {
                hide("The answer page could not be shown.");
            }
        });
        root.getChildren().add(0, web);
    }

    /** The app switches themes by swapping the user-agent stylesheet; follow it. */
    static boolean isDark() {
        String ua = Application.getUserAgentStylesheet();
        return ua != null && ua.toLowerCase().contains("dark");
    }
}
