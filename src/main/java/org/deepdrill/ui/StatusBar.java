package org.deepdrill.ui;

import javafx.application.Platform;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import org.deepdrill.demo.run.NativeSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.Tooltip;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.deepdrill.demo.run.DeviceChoice;
import org.deepdrill.demo.run.EngineUnavailableException;
import org.deepdrill.demo.run.HostPlatform;

/** Bottom bar: content counts on the left; engine, version and device on the right. */
final class StatusBar {
    private final HBox root = new HBox(16);
    private final Label engine = new Label("Engine: not loaded");
    private final AppServices services;

    StatusBar(AppServices services) {
        this.services = services;
        long questions = services.content().questions().size();
        long problems = services.content().errorCount();
        Label content = new Label(services.content().sections().size() + " sections · " + questions + " questions · "
                + services.registry().ids().size() + " demos");
        engine.setId("status-engine");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root.getChildren().add(content);
        if (problems > 0) {
            javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(problems + " content error"
                    + (problems == 1 ? "" : "s") + ": show");
            link.setId("status-problems");
            link.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
            link.setOnAction(e -> showProblems());
            root.getChildren().add(link);
        }
        root.getChildren().addAll(spacer, engine);
        root.setPadding(new Insets(4, 12, 4, 12));
        root.getStyleClass().add("status-bar");
    }

    HBox root() {
        return root;
    }

    /** Lists every load error with its file and line; the same list as {@code content check --packs}. */
    private void showProblems() {
        String text = services.content().problems().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining("\n"));
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(760, 320);
        area.setId("problems-text");
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING);
        a.setTitle("Content problems");
        a.setHeaderText("Files with errors were left out; everything else loaded. Warnings are suggestions.\n"
                + "The command line lists the same: java -jar deepdrill.jar content check --packs");
        a.getDialogPane().setContent(area);
        a.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        a.show();
    }

    /**
     * On the first run DJL unpacks PyTorch (about 425 MB) into the user's cache before the engine
     * loads; the status bar counts the megabytes written so the wait is visible. Null when unpacked.
     */
    private Timeline watchUnpacking() {
        Optional<Path> folder = NativeSupport.unpackFolder();
        if (folder.isEmpty() || Files.isDirectory(folder.get())) {
            return null;
        }
        engine.setText("Engine: unpacking PyTorch for the first run…");
        Path cache = folder.get().getParent();
        long before = NativeSupport.bytesUnder(cache);
        Timeline t = new Timeline(new KeyFrame(Duration.millis(500), e -> {
            CompletableFuture.supplyAsync(() -> NativeSupport.bytesUnder(cache)).thenAccept(now -> Platform.runLater(() -> {
                if (!services.runner().engine().isDone()) {
                    engine.setText(String.format(Locale.ROOT, "Engine: unpacking PyTorch for the first run… %d MB",
                            Math.max(0, now - before) >> 20));
                }
            }));
        }));
        t.setCycleCount(Animation.INDEFINITE);
        t.play();
        return t;
    }

    /** Starts loading the engine on the demo thread and shows the device when it is ready. */
    void watchEngine() {
        engine.setText("Engine: loading PyTorch…");
        Timeline unpacking = watchUnpacking();
        services.runner().engine().thenRun(services.runner()::warmUp);
        services.runner().engine().whenComplete((info, ex) -> Platform.runLater(() -> {
            if (unpacking != null) {
                unpacking.stop();
            }
            if (ex != null) {
                Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                if (cause instanceof EngineUnavailableException) {
                    engine.setText("Demos off: no PyTorch build for " + HostPlatform.current());
                    engine.setTooltip(new Tooltip(cause.getMessage()));
                } else {
                    engine.setText("Engine failed to load: " + cause.getMessage());
                }
            } else {
                engine.setText("DJL " + info.djlVersion() + " · " + info.name() + " " + info.version() + " · " + DeviceChoice.describe(info));
            }
        }));
    }
}
