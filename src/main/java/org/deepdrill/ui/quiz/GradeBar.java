package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.text.TextAlignment;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Rating;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** The four grade buttons, each labelled with its key and the interval it would schedule. */
final class GradeBar {
    private static final Map<Rating, String> STYLE = Map.of(Rating.AGAIN, Styles.DANGER, Rating.HARD, Styles.WARNING,
            Rating.GOOD, Styles.SUCCESS, Rating.EASY, Styles.ACCENT);

    private final HBox root = new HBox(8);
    private final Map<Rating, Button> buttons = new EnumMap<>(Rating.class);

    GradeBar(Consumer<Rating> onGrade) {
        root.setAlignment(Pos.CENTER);
        for (Rating r : Rating.values()) {
            Button b = new Button(r.label());
            b.setId("grade-" + r.value());
            b.getStyleClass().addAll(STYLE.get(r), "grade-button");
            b.setTextAlignment(TextAlignment.CENTER);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setFocusTraversable(false);
            b.setTooltip(new Tooltip("Key " + r.value()));
            HBox.setHgrow(b, Priority.ALWAYS);
            b.setOnAction(e -> onGrade.accept(r));
            buttons.put(r, b);
            root.getChildren().add(b);
        }
    }

    Node root() {
        return root;
    }

    /** Labels each button with the wait its grade would give, e.g. "3 · Good" over "10 min". */
    void update(Map<Rating, CardState> preview, Instant now) {
        preview.forEach((r, s) -> buttons.get(r).setText(r.value() + " · " + r.label() + "\n" + QuizBook.interval(now, s.due())));
    }

    void setDisable(boolean off) {
        buttons.values().forEach(b -> b.setDisable(off));
    }

    String text(Rating r) {
        return buttons.get(r).getText();
    }
}
