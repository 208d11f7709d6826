package org.deepdrill.ui;

import org.deepdrill.ui.bench.StallBench;
import org.deepdrill.ui.bench.StartupProbe;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.List;

/** The JavaFX application: builds the window, then measures and optionally exits after the first render. */
public final class DeskApp extends Application {
    private AppServices services;
    private RenderCache renderCache;

    /** Content and the demo registry load on a worker while the JavaFX toolkit starts. */
    private static java.util.concurrent.CompletableFuture<AppServices> preload;

    public static void launchApp(String[] args) {
        preload = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            StartupProbe.warm();
            AppServices loaded = AppServices.load();
            StartupProbe.mark("content and demo registry ready (worker)");
            return loaded;
        });
        Application.launch(DeskApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        StartupProbe.mark("toolkit started");
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        StartupProbe.mark("theme set");
        // The FX thread never waits on the worker: the window is built when the services arrive.
        java.util.concurrent.CompletableFuture<AppServices> ready = preload != null ? preload
                : java.util.concurrent.CompletableFuture.supplyAsync(AppServices::load);
        ready.whenComplete((loaded, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        "DeepDrill could not start: " + cause.getMessage());
                a.setHeaderText("Start-up failed");
                a.showAndWait();
                Platform.exit();
                return;
            }
            services = loaded;
            StartupProbe.mark("content and demo registry loaded");
            build(stage);
        }));
    }

    private void build(Stage stage) {
        List<String> args = getParameters().getRaw();
        MainWindow window = new MainWindow(services);
        window.questionView().setOpenExternal(url -> getHostServices().showDocument(url));
        renderCache = RenderCache.in(services.dataFolder());
        window.questionView().setRenderCache(renderCache);
        Scene scene = new Scene(window.root(), 1440, 900);
        scene.getStylesheets().add(DeskApp.class.getResource("app.css").toExternalForm());
        stage.setTitle("DeepDrill");
        stage.setScene(scene);
        StartupProbe probe = new StartupProbe(args.contains("--exit-after-render"));
        if ("dark".equals(option(args, "--theme="))) {
            window.setDark(true);
        }
        // The question goes in before show(), so the first layout pass and frame already hold it.
        window.showFirstQuestion(probe, option(args, "--open="), args.contains("--run-demo"));
        StartupProbe.mark("window built");
        stage.show();
        StartupProbe.mark("shown");
        if (args.stream().anyMatch(a -> a.startsWith("--stall-bench"))) {
            String out = option(args, "--stall-out=");
            String only = option(args, "--stall-only=");
            new StallBench(window, "quick".equals(option(args, "--stall-bench=")),
                    java.nio.file.Path.of(out == null ? "target/fx.json" : out),
                    only == null ? null : List.of(only.split(","))).start();
        }
        String mode = option(args, "--mode=");
        if (mode != null && scene.lookup("#mode-" + mode.toLowerCase().replace(' ', '-')) instanceof javafx.scene.control.ToggleButton b) {
            b.fire();
        }
    }

    /** The value of an option written as {@code --name=value}, or null. */
    static String option(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst().orElse(null);
    }

    @Override
    public void stop() {
        if (renderCache != null) {
            renderCache.close();
        }
        if (services != null) {
            services.close();
        }
        Platform.exit();
    }
}
