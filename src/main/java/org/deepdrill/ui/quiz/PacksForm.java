package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.deepdrill.content.PackSettings;
import org.deepdrill.content.Problem;
import org.deepdrill.ui.AppServices;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Question packs: the folders DeepDrill loads besides its own content. Every sub-folder of
 * {@code <data>/packs} loads by itself; this form adds folders elsewhere, one per line, saved to
 * {@code <data>/packs.json}. Packs load at the next start.
 */
final class PacksForm {
    private final VBox root = new VBox(8);
    private final TextArea folders = new TextArea();
    private final Label status = new Label();
    private final AppServices services;

    PacksForm(AppServices services) {
        this.services = services;
        folders.setId("packs-folders");
        folders.setPrefRowCount(3);
        folders.setPromptText("/path/to/my-pack (one folder per line; each holds section folders like content/)");
        Label intro = new Label("Every folder inside " + services.dataFolder().resolve("packs")
                + " loads as a pack. Add folders from elsewhere here. A pack's questions appear as sections from 101 on, "
                + "with quiz support; their demo ids may name built-in demos only.");
        intro.setWrapText(true);
        intro.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Button choose = new Button("Add a folder…");
        choose.setId("packs-choose");
        choose.setOnAction(e -> choose());
        Button save = new Button("Save packs");
        save.setId("packs-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(e -> save());
        status.setId("packs-status");
        status.setWrapText(true);
        HBox actions = new HBox(12, choose, save, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(intro, folders, actions);
        load();
    }

    Node root() {
        return root;
    }

    private void load() {
        List<Problem> problems = new ArrayList<>();
        folders.setText(String.join("\n", PackSettings.load(services.dataFolder(), problems).folders()));
        if (!problems.isEmpty()) {
            fail(problems.get(0).message());
        }
    }

    private void choose() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a question-pack folder");
        File dir = chooser.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (dir != null) {
            String text = folders.getText().strip();
            folders.setText(text.isEmpty() ? dir.getPath() : text + "\n" + dir.getPath());
        }
    }

    /** Saves the listed folders; a folder that does not exist is refused with its name. */
    void save() {
        List<String> list = Arrays.stream(folders.getText().split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            PackSettings settings = new PackSettings(list);
            for (Path p : settings.paths()) {
                if (!Files.isDirectory(p)) {
                    fail("Not saved: '" + p + "' is not a folder.");
                    return;
                }
            }
            settings.save(services.dataFolder());
            status.getStyleClass().setAll("label", Styles.SUCCESS);
            status.setText(list.isEmpty() ? "Saved: no extra packs. Restart DeepDrill to apply."
                    : "Saved " + list.size() + " folder(s). Restart DeepDrill to load them.");
        } catch (Exception ex) {
            fail("Not saved: " + ex.getMessage());
        }
    }

    private void fail(String message) {
        status.getStyleClass().setAll("label", Styles.DANGER);
        status.setText(message);
    }
}
