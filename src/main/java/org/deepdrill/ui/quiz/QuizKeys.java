package org.deepdrill.ui.quiz;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.deepdrill.quiz.Rating;

import java.util.function.Consumer;

/**
 * Keyboard grading: Space reveals (or moves on), 1–4 grade. The filter sits on the scene while the
 * pane is shown, so it works wherever the focus is, except while typing in a text box, where
 * Ctrl+Enter reveals instead.
 */
final class QuizKeys {
    private QuizKeys() {
    }

    static void install(Node pane, Runnable space, Consumer<Rating> grade) {
        EventHandler<KeyEvent> filter = e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.ENTER) {
                e.consume();
                space.run();
                return;
            }
            if (e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
                return;
            }
            Scene scene = pane.getScene();
            if (scene != null && scene.getFocusOwner() instanceof TextInputControl) {
                return;
            }
            Rating r = rating(e.getCode());
            if (e.getCode() == KeyCode.SPACE) {
                e.consume();
                space.run();
            } else if (r != null) {
                e.consume();
                grade.accept(r);
            }
        };
        pane.sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
            if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
        });
        if (pane.getScene() != null) {
            pane.getScene().addEventFilter(KeyEvent.KEY_PRESSED, filter);
        }
    }

    static Rating rating(KeyCode k) {
        return switch (k) {
            case DIGIT1, NUMPAD1 -> Rating.AGAIN;
            case DIGIT2, NUMPAD2 -> Rating.HARD;
            case DIGIT3, NUMPAD3 -> Rating.GOOD;
            case DIGIT4, NUMPAD4 -> Rating.EASY;
            default -> null;
        };
    }
}
