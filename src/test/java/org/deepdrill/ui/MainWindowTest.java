package org.deepdrill.ui;

import org.deepdrill.ui.bench.Snapshots;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixture-content");
    private MainWindow window;

    @Start
    void start(Stage stage) {
        AppServices services = new AppServices(ContentLoader.load(FIXTURE), DemoRegistry.builtIn(), DemoTestSupport.runner());
        window = new MainWindow(services);
        stage.setScene(new Scene(window.root(), 1200, 760));
        stage.show();
    }

    @Test
    void openQ6RunItsDemoQuickAndSeeTheClaims(FxRobot robot) throws Exception {
        robot.interact(() -> window.navigation().select("q06-attention-scaling"));
        assertTrue(window.questionView().previewTitle().startsWith("Q6"), window.questionView().previewTitle());
        robot.clickOn("#demo-quick");
        robot.clickOn("#demo-run");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#claims").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        VBox claims = robot.lookup("#claims").queryAs(VBox.class);
        assertEquals(5, claims.getChildren().size());
        long ok = robot.lookup(".claim-ok").queryAll().size();
        assertEquals(5, ok, "every claim of attention-scaling holds in quick mode");
        assertTrue(robot.lookup("#chart-variance").tryQuery().isPresent(), "variance chart shown");
        Label status = robot.lookup("#demo-status").queryAs(Label.class);
        assertTrue(status.getText().contains("5 of 5 claims hold"), status.getText());
        Files.createDirectories(Path.of("target"));
        robot.interact(() -> {
            try {
                Snapshots.write(window.demoPanel().root().getContent(), Path.of("target/ui-q06-demo.png"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void breakItRunsTheWrongWorldAndShowsWhichClaimsFailAndWhy(FxRobot robot) throws Exception {
        robot.interact(() -> window.navigation().select("q06-attention-scaling"));
        robot.clickOn("#demo-quick");
        robot.clickOn("#demo-break");
        robot.clickOn("#break-no-scaling");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#break-banner").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#demo-status").queryAs(Label.class);
        assertTrue(status.getText().startsWith("Broken run done"), status.getText());
        for (String id : new String[] {"sharpness-kept", "gradient-kept"}) {
            javafx.scene.Node row = robot.lookup("#claim-" + id).query();
            assertTrue(robot.from(row).lookup(".claim-bad").tryQuery().isPresent(), id + " is shown failed");
            assertTrue(robot.from(row).lookup(".claim-why-failed").tryQuery().isPresent(), id + " says why");
        }
        assertTrue(robot.from((javafx.scene.Node) robot.lookup("#claim-raw-slope").query()).lookup(".claim-ok").tryQuery().isPresent(),
                "a claim the break does not target still holds");
        assertTrue(robot.lookup("#break-read").tryQuery().isPresent(), "links to the answer's section");
        Files.createDirectories(Path.of("target"));
        robot.interact(() -> {
            try {
                Snapshots.write(window.demoPanel().root().getContent(), Path.of("target/ui-q06-break.png"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void answerRendersMathWithKatexInTheWebView(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.navigation().select("q06-attention-scaling");
            window.questionView().startWebView();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            Object[] n = new Object[1];
            robot.interact(() -> n[0] = window.questionView().webView().getEngine()
                    .executeScript("document.querySelectorAll('.katex').length"));
            return n[0] instanceof Number num && num.intValue() >= 2;
        });
    }

    @Test
    void badParameterShowsAMessageAndTheAppGoesOn(FxRobot robot) {
        robot.interact(() -> window.navigation().select("q06-attention-scaling"));
        robot.doubleClickOn("#param-maxDk").write("999999");
        robot.clickOn("#demo-run");
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#demo-error").queryAs(Label.class);
        assertTrue(error.getText().contains("Parameter 'maxDk' must be in 256..4096"), error.getText());
    }

    @Test
    void missingDemoIsSaidPlainly(FxRobot robot) {
        robot.interact(() -> window.navigation().select("q09-missing-demo"));
        WaitForAsyncUtils.waitForFxEvents();
        Node panel = window.demoPanel().root().getContent();
        assertTrue(robot.from(panel).lookup((Label l) -> l.getText().contains("not available in this build")).tryQuery().isPresent());
    }
}
