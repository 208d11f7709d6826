package org.deepdrill.ui;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.deepdrill.demo.DeviceChoice;

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
                + services.registry().ids().size() + " demos" + (problems > 0 ? " · " + problems + " content problems (run 'content check')" : ""));
        engine.setId("status-engine");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root.getChildren().addAll(content, spacer, engine);
        root.setPadding(new Insets(4, 12, 4, 12));
        root.getStyleClass().add("status-bar");
    }

    HBox root() {
        return root;
    }

    /** Starts loading the engine on the demo thread and shows the device when it is ready. */
    void watchEngine() {
        engine.setText("Engine: loading PyTorch…");
        services.runner().engine().whenComplete((info, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                engine.setText("Engine failed to load: " + (ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage()));
            } else {
                engine.setText("DJL " + info.djlVersion() + " · " + info.name() + " " + info.version() + " · " + DeviceChoice.describe(info));
            }
        }));
    }
}
