package org.deepdrill.ui;

import javafx.application.Platform;
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

    /** Starts loading the engine on the demo thread and shows the device when it is ready. */
    void watchEngine() {
        engine.setText("Engine: loading PyTorch…");
        services.runner().engine().thenRun(services.runner()::warmUp);
        services.runner().engine().whenComplete((info, ex) -> Platform.runLater(() -> {
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
