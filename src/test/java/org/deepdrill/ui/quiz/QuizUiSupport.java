package org.deepdrill.ui.quiz;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoTestSupport;
import org.deepdrill.ui.AppServices;
import org.deepdrill.ui.MainWindow;
import org.deepdrill.ui.bench.Snapshots;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Builds the real window over the real content with progress kept in a temporary data folder. */
final class QuizUiSupport {
    private QuizUiSupport() {
    }

    static MainWindow window(Stage stage, Path dataFolder) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        AppServices services = new AppServices(ContentLoader.load(Path.of("content")), DemoRegistry.builtIn(), DemoTestSupport.runner());
        services.setDataFolder(dataFolder);
        MainWindow window = new MainWindow(services);
        Scene scene = new Scene(window.root(), 1200, 760);
        scene.getStylesheets().add(MainWindow.class.getResource("app.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        return window;
    }

    static void waitUntil(FxRobot robot, int seconds, Supplier<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
            AtomicReference<Boolean> ok = new AtomicReference<>(false);
            robot.interact(() -> ok.set(condition.get()));
            return ok.get();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Writes a PNG of a node under target/ so the look can be checked by eye. */
    static void snapshot(FxRobot robot, Node node, String name) {
        robot.interact(() -> {
            try {
                Files.createDirectories(Path.of("target"));
                Snapshots.write(node, Path.of("target", name));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
