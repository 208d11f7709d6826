package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.deepdrill.content.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One auto-graded check. Multiple choice is graded the moment an option is clicked and then says
 * why every wrong option is wrong; a number is graded against its tolerance. The outcome goes to
 * {@code onAnswered} once (true when right).
 */
final class CheckView {
    private final VBox root = new VBox(6);
    private final Consumer<Boolean> onAnswered;
    private final String idPrefix;
    private boolean answered;

    CheckView(Check check, int index, Consumer<Boolean> onAnswered) {
        this.onAnswered = onAnswered;
        this.idPrefix = "check-" + index;
        root.setId(idPrefix);
        root.getStyleClass().add("quiz-check");
        Label prompt = new Label(check.prompt());
        prompt.setWrapText(true);
        prompt.getStyleClass().add(Styles.TEXT_BOLD);
        root.getChildren().add(prompt);
        if (check instanceof Check.Choice c) {
            buildChoice(c);
        } else if (check instanceof Check.Numeric n) {
            buildNumeric(n);
        }
    }

    Node root() {
        return root;
    }

    boolean answered() {
        return answered;
    }

    private void buildChoice(Check.Choice c) {
        List<Button> buttons = new ArrayList<>();
        List<Label> notes = new ArrayList<>();
        for (int i = 0; i < c.options().size(); i++) {
            Check.Option o = c.options().get(i);
            Button b = new Button(o.text());
            b.setId(idPrefix + "-option-" + i);
            b.setWrapText(true);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().addAll(Styles.BUTTON_OUTLINED, "quiz-option");
            b.setFocusTraversable(false);
            Label note = new Label();
            note.setWrapText(true);
            note.getStyleClass().add("check-why");
            note.setManaged(false);
            note.setVisible(false);
            buttons.add(b);
            notes.add(note);
            int chosen = i;
            b.setOnAction(e -> choose(c, chosen, buttons, notes));
        }
        // Authors tend to write the right option first: show them in a shuffled order that is
        // stable for a day, so that position gives nothing away and a re-render does not jump.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i++) {
            order.add(i);
        }
        long seed = c.prompt().hashCode() * 31L + java.time.LocalDate.now().toEpochDay();
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        for (int i : order) {
            root.getChildren().addAll(buttons.get(i), notes.get(i));
        }
    }

    private void choose(Check.Choice c, int chosen, List<Button> buttons, List<Label> notes) {
        if (answered) {
            return;
        }
        answered = true;
        for (int i = 0; i < buttons.size(); i++) {
            Check.Option o = c.options().get(i);
            Button b = buttons.get(i);
            b.setMouseTransparent(true);
            if (o.correct()) {
                b.getStyleClass().add(Styles.SUCCESS);
                b.setText("✓ " + o.text());
            } else {
                if (i == chosen) {
                    b.getStyleClass().add(Styles.DANGER);
                    b.setText("✗ " + o.text());
                }
                String why = o.why() == null || o.why().isBlank() ? "" : o.why();
                if (!why.isEmpty()) {
                    Label note = notes.get(i);
                    note.setText("Why not: " + why);
                    note.setManaged(true);
                    note.setVisible(true);
                }
            }
        }
        boolean right = c.isCorrect(chosen);
        root.getChildren().add(verdict(right, right ? "Right." : "Wrong: the card is graded Again."));
        onAnswered.accept(right);
    }

    private void buildNumeric(Check.Numeric n) {
        TextField input = new TextField();
        input.setId(idPrefix + "-input");
        input.setPromptText("a number");
        input.setPrefColumnCount(10);
        Button check = new Button("Check");
        check.setId(idPrefix + "-submit");
        check.setFocusTraversable(false);
        Label unit = new Label(n.unit() == null ? "" : n.unit());
        Label hint = new Label();
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        HBox row = new HBox(8, input, unit, check, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(hint, Priority.ALWAYS);
        root.getChildren().add(row);
        Runnable submit = () -> {
            if (answered) {
                return;
            }
            Double v = parse(input.getText());
            if (v == null) {
                hint.setText("Enter a number, e.g. 64 or 1.5e-3");
                return;
            }
            answered = true;
            input.setDisable(true);
            check.setDisable(true);
            hint.setText("");
            boolean right = n.accepts(v);
            String expected = format(n.answer()) + (n.unit() == null || n.unit().isBlank() ? "" : " " + n.unit())
                    + " (± " + format(n.tolerance()) + ")";
            String text = (right ? "Right: " : "Wrong: the answer is ") + expected + "."
                    + (n.explain() == null || n.explain().isBlank() ? "" : " " + n.explain())
                    + (right ? "" : " The card is graded Again.");
            root.getChildren().add(verdict(right, text));
            onAnswered.accept(right);
        };
        check.setOnAction(e -> submit.run());
        input.setOnAction(e -> submit.run());
    }

    private Label verdict(boolean right, String text) {
        Label l = new Label(text);
        l.setId(idPrefix + "-verdict");
        l.setWrapText(true);
        l.getStyleClass().addAll("check-verdict", right ? "check-right" : "check-wrong");
        return l;
    }

    static Double parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().replace(',', '.').replace("−", "-");
        try {
            double v = Double.parseDouble(t);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
    }
}
