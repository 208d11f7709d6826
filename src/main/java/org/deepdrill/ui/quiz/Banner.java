package org.deepdrill.ui.quiz;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.List;

/** A strip across the top of a pane for things the learner must see (a restored file, a failed save). */
final class Banner {
    private final HBox root = new HBox(10);
    private final Label text = new Label();

    Banner(String id, String styleClass) {
        root.setId(id);
        root.getStyleClass().addAll("quiz-banner", styleClass);
        text.setId(id + "-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button("Dismiss");
        close.getStyleClass().add("small");
        close.setFocusTraversable(false);
        close.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        close.setOnAction(e -> set(List.of()));
        root.getChildren().addAll(text, close);
        set(List.of());
    }

    Node root() {
        return root;
    }

    String text() {
        return text.getText();
    }

    void set(List<String> lines) {
        text.setText(String.join("\n", lines));
        root.setVisible(!lines.isEmpty());
        root.setManaged(!lines.isEmpty());
    }
}
