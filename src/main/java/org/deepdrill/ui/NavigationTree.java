package org.deepdrill.ui;

import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;

import java.util.function.Consumer;

/** The tree of sections and their questions; the search field above it is {@link SearchBox}. */
public final class NavigationTree {
    private final ContentSet content;
    private final TreeView<Object> tree = new TreeView<>();
    private final VBox root = new VBox(8);
    private Consumer<Question> onQuestion = q -> { };
    private Consumer<Section> onSection = s -> { };

    public NavigationTree(ContentSet content) {
        this.content = content;
        tree.setId("nav-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new NavCell());
        VBox.setVgrow(tree, Priority.ALWAYS);
        root.getChildren().add(tree);
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item == null) {
                return;
            }
            if (item.getValue() instanceof Question q) {
                onQuestion.accept(q);
            } else if (item.getValue() instanceof Section s) {
                onSection.accept(s);
            }
        });
        rebuild();
    }

    public VBox root() {
        return root;
    }

    void onQuestion(Consumer<Question> c) {
        onQuestion = c;
    }

    void onSection(Consumer<Section> c) {
        onSection = c;
    }

    private void rebuild() {
        TreeItem<Object> top = new TreeItem<>("DeepDrill");
        for (Section s : content.sections()) {
            TreeItem<Object> si = new TreeItem<>(s);
            for (Question q : s.questions()) {
                si.getChildren().add(new TreeItem<>(q));
            }
            si.setExpanded(true);
            top.getChildren().add(si);
        }
        tree.setRoot(top);
    }

    /** Gives the keyboard to the tree, on the selected question. */
    void focusTree() {
        tree.requestFocus();
    }

    /** Selects a question by id; returns false if it is not in the tree. */
    public boolean select(String questionId) {
        for (TreeItem<Object> s : tree.getRoot().getChildren()) {
            for (TreeItem<Object> q : s.getChildren()) {
                if (q.getValue() instanceof Question qq && qq.id().equals(questionId)) {
                    tree.getSelectionModel().select(q);
                    tree.scrollTo(Math.max(0, tree.getRow(q) - 3));
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Cells: sections in bold with their number, questions with their number taken from the id.
     * A cell is refilled on every scroll and relayout of the tree, so it keeps one tooltip (each is
     * a popup window with its own scene) and touches its style classes only when its kind changes.
     */
    private static final class NavCell extends javafx.scene.control.TreeCell<Object> {
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        private String kind = "";

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setPrefWidth(0); // fit the pane: long titles end in an ellipsis instead of a scroll bar
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                kind("");
                return;
            }
            if (item instanceof Section s) {
                setText(s.number() + "  " + s.title() + (s.questions().isEmpty() ? "  (none yet)" : ""));
                setTooltip(null);
                kind("nav-section");
            } else if (item instanceof Question q) {
                setText(questionLabel(q));
                tip.setText(getText());
                setTooltip(tip);
                kind("nav-question");
            } else {
                setText(item.toString());
                setTooltip(null);
                kind("");
            }
        }

        private void kind(String k) {
            if (!k.equals(kind)) {
                getStyleClass().removeAll("nav-section", "nav-question");
                if (!k.isEmpty()) {
                    getStyleClass().add(k);
                }
                kind = k;
            }
        }
    }

    static String questionLabel(Question q) {
        String num = q.id().matches("q\\d+-.*") ? "Q" + Integer.parseInt(q.id().substring(1, q.id().indexOf('-'))) + "  " : "";
        return num + q.title();
    }
}
