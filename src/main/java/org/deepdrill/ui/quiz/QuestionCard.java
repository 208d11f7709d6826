package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.deepdrill.content.Check;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One question as a flash card: section and title, optional auto-graded checks, a free-text box
 * for the candidate's own answer, and after the reveal the key points as a checklist beside the
 * model answer.
 */
final class QuestionCard {
    private final SplitPane root = new SplitPane();
    private final VBox column = new VBox(10);
    private final Label section = new Label();
    private final Label title = new Label();
    private final VBox checks = new VBox(10);
    private final Label checksHead = subhead("Quick checks");
    private final TextArea ownAnswer = new TextArea();
    private final Label pointsHead = subhead("Key points");
    private final Label pointsCount = new Label();
    private final VBox points = new VBox(6);
    private final AnswerWeb answer = new AnswerWeb();
    private final ScrollPane scroll = new ScrollPane();
    private final List<CheckBox> pointBoxes = new ArrayList<>();
    private final List<CheckView> checkViews = new ArrayList<>();
    private Question question;
    private String subtitle = "";
    private boolean revealed;

    QuestionCard() {
        section.getStyleClass().add("preview-subtitle");
        section.setId("card-section");
        title.getStyleClass().add("quiz-title");
        title.setId("card-title");
        title.setWrapText(true);
        ownAnswer.setId("card-own-answer");
        ownAnswer.setPromptText("Optional: write or sketch your answer first. Ctrl+Enter reveals the model answer.");
        ownAnswer.setWrapText(true);
        ownAnswer.setPrefRowCount(6);
        pointsCount.getStyleClass().add(Styles.TEXT_MUTED);
        pointsCount.setId("card-points-count");
        points.setId("card-key-points");
        column.setPadding(new Insets(16, 20, 16, 20));
        column.getChildren().addAll(section, title, subhead("Your answer"), ownAnswer, pointsHead, pointsCount, points,
                checksHead, checks);
        column.setFillWidth(true);
        scroll.setContent(column);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMinWidth(320);
        root.setOrientation(Orientation.HORIZONTAL);
        root.getItems().addAll(scroll, answer.root());
        root.setDividerPositions(0.45);
    }

    Node root() {
        return root;
    }

    AnswerWeb answer() {
        return answer;
    }

    boolean revealed() {
        return revealed;
    }

    /** Shows a fresh card; {@code onCheck} (null for none) receives each check's outcome. */
    void show(Question q, Section s, Consumer<Boolean> onCheck) {
        question = q;
        revealed = false;
        subtitle = s == null ? "Section " + q.section() : "Section " + s.number() + " · " + s.title();
        section.setText(subtitle.toUpperCase(Locale.ROOT));
        title.setText(q.title());
        ownAnswer.clear();
        ownAnswer.setDisable(false);
        checks.getChildren().clear();
        checkViews.clear();
        if (onCheck != null) {
            for (int i = 0; i < q.checks().size(); i++) {
                Check c = q.checks().get(i);
                CheckView v = new CheckView(c, i, onCheck);
                checkViews.add(v);
                checks.getChildren().add(v.root());
            }
        }
        boolean anyChecks = !checkViews.isEmpty();
        checksHead.setVisible(anyChecks);
        checksHead.setManaged(anyChecks);
        checks.setManaged(anyChecks);
        pointBoxes.clear();
        points.getChildren().clear();
        setPointsVisible(false);
        answer.hide("Think it through first, then reveal the model answer (Space).");
        scroll.setVvalue(0);
    }

    /** Shows the model answer and the key points to tick off. */
    void reveal() {
        if (revealed || question == null) {
            return;
        }
        revealed = true;
        for (int i = 0; i < question.keyPoints().size(); i++) {
            CheckBox box = new CheckBox(question.keyPoints().get(i));
            box.setId("key-point-" + i);
            box.setWrapText(true);
            box.setFocusTraversable(false);
            box.selectedProperty().addListener((o, a, b) -> countPoints());
            pointBoxes.add(box);
            points.getChildren().add(box);
        }
        countPoints();
        setPointsVisible(!pointBoxes.isEmpty());
        answer.show(question.title(), subtitle, question.answer());
        scroll.setVvalue(0);
    }

    private void countPoints() {
        long n = pointBoxes.stream().filter(CheckBox::isSelected).count();
        pointsCount.setText("Tick the points your answer covered: " + n + " of " + pointBoxes.size());
    }

    private void setPointsVisible(boolean on) {
        for (Node n : List.of(pointsHead, pointsCount, points)) {
            n.setVisible(on);
            n.setManaged(on);
        }
    }

    private static Label subhead(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("subhead");
        return l;
    }
}
