package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.deepdrill.quiz.InterviewPlan;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What the quiz shows of the interview plan: the countdown in the header, the note when the plan
 * raises the new-card limit, and why a card brought forward is shown early.
 */
final class PlanLabels {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private final Label countdown = new Label();
    private final Label note = new Label();
    private final Label why = new Label();
    private final VBox notes = new VBox(2, note, why);

    PlanLabels() {
        countdown.setId("quiz-countdown");
        countdown.getStyleClass().addAll("quiz-tag", Styles.TEXT_BOLD);
        note.setId("quiz-plan-note");
        why.setId("quiz-why");
        for (Label l : List.of(note, why)) {
            l.setWrapText(true);
            l.getStyleClass().add(Styles.TEXT_SMALL);
        }
        why.getStyleClass().add(Styles.WARNING);
        for (Label l : List.of(countdown, note, why)) {
            show(l, false);
        }
        notes.setPadding(new Insets(4, 16, 4, 16));
        notes.visibleProperty().bind(note.visibleProperty().or(why.visibleProperty()));
        notes.managedProperty().bind(notes.visibleProperty());
    }

    /** The countdown, for the header. */
    Node countdown() {
        return countdown;
    }

    /** The note and the why, for a strip below the header. */
    Node notes() {
        return notes;
    }

    /** Shows the countdown while the interview is ahead, and the plan's note on new cards if any. */
    void show(InterviewPlan plan, String newCardNote, Instant now) {
        boolean ahead = plan != null && plan.interview().ahead(now);
        countdown.setText(ahead ? "Interview " + plan.interview().countdown(now) + " · " + DAY.format(plan.interview().date()) : "");
        show(countdown, ahead);
        note.setText(newCardNote);
        show(note, !newCardNote.isEmpty());
    }

    /** Why the card on screen is early; empty hides it. */
    void why(String text) {
        why.setText(text);
        show(why, !text.isEmpty());
    }

    private static void show(Label l, boolean on) {
        l.setVisible(on);
        l.setManaged(on);
    }
}
