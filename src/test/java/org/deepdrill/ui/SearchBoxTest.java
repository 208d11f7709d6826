package org.deepdrill.ui;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.quiz.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search field in the real window over the real content: type, see ranked hits, open, mark, go back. */
@ExtendWith(ApplicationExtension.class)
class SearchBoxTest {
    private MainWindow window;
    private AppServices services;

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        services = new AppServices(ContentLoader.load(Path.of("content")), DemoRegistry.builtIn(), DemoTestSupport.runner());
        services.setDataFolder(Files.createTempDirectory("deepdrill-search-ui"));
        window = new MainWindow(services);
        stage.setScene(new Scene(window.root(), 1200, 760));
        stage.show();
    }

    private static void waitUntil(FxRobot robot, Supplier<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            AtomicReference<Boolean> ok = new AtomicReference<>(false);
            robot.interact(() -> ok.set(condition.get()));
            return ok.get();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String script(FxRobot robot, String js) {
        AtomicReference<Object> out = new AtomicReference<>();
        robot.interact(() -> out.set(window.questionView().webView().getEngine().executeScript(js)));
        return String.valueOf(out.get());
    }

    @Test
    void typeOpenTheBestHitSeeItMarkedAndGoBackToTheTree(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.questionView().startWebView();
            window.navigation().select("q01-residual-dense-highway");
        });
        robot.clickOn((javafx.scene.Node) robot.from(window.root()).lookup("#nav-tree").query());
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        TextField field = window.search().field();
        assertTrue(field.isFocused(), "Ctrl+K puts the keyboard in the search field");
        robot.write("Korthikanty");
        waitUntil(robot, () -> !window.search().results().getItems().isEmpty());
        assertEquals("q23-gradient-checkpointing", window.search().results().getItems().get(0).id());
        // Q23 and Q42 both cite Korthikanti et al.; the status counts the answers listed.
        int listed = window.search().results().getItems().size();
        assertTrue(window.search().status().getText().startsWith(listed + (listed == 1 ? " answer matches" : " answers match")),
                window.search().status().getText());
        assertTrue(robot.from(window.root()).lookup(".search-mark").queryAllAs(Text.class).stream().anyMatch(t -> t.getText().equals("Korthikanti")),
                "the typo's match is marked in the snippet");
        assertEquals("new", robot.from(window.root()).lookup(".search-state").queryAs(Label.class).getText());
        assertFalse(window.navigation().root().isVisible(), "results take the tree's place");

        robot.type(KeyCode.ENTER);
        waitUntil(robot, () -> window.questionView().previewTitle().startsWith("Q23"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !"null".equals(script(robot, "document.body.getAttribute('data-found')")));
        assertTrue(Integer.parseInt(script(robot, "document.body.getAttribute('data-found')")) >= 1);
        assertEquals("Korthikanti", script(robot, "document.querySelector('.dd-current').textContent"));

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", field.getText());
        assertFalse(window.search().pane().isVisible());
        assertTrue(window.navigation().root().isVisible() && robot.from(window.root()).lookup("#nav-tree").query().isFocused(),
                "Escape goes back to the tree");
    }

    @Test
    void aBadQuerySaysWhyAndShowsNoResults(FxRobot robot) throws Exception {
        robot.clickOn(window.search().field());
        robot.write("AND");
        waitUntil(robot, () -> window.search().status().getStyleClass().contains("search-error"));
        assertTrue(window.search().status().getText().contains("only operators"), window.search().status().getText());
        assertTrue(window.search().results().getItems().isEmpty());
        robot.eraseText(3).write("attention");
        waitUntil(robot, () -> !window.search().results().getItems().isEmpty());
        assertFalse(window.search().status().getStyleClass().contains("search-error"));
    }

    @Test
    void resultsShowEachQuestionsQuizState(FxRobot robot) throws Exception {
        services.quizBook().grade("q42-distributed-training", Rating.GOOD, Instant.now(), "test");
        robot.clickOn(window.search().field());
        robot.write("ZeRO");
        waitUntil(robot, () -> !window.search().results().getItems().isEmpty());
        assertEquals("q42-distributed-training", window.search().results().getItems().get(0).id());
        assertEquals("learning", robot.from(window.root()).lookup(".search-state").queryAllAs(Label.class).iterator().next().getText());
    }
}
