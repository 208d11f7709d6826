package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.deepdrill.quiz.QuizSettings;
import org.deepdrill.ui.AppServices;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The quiz settings: desired retention, new cards per day, fuzz, the mock-interview length, and
 * the interview the plan works towards (its date, kept with the progress, and how many times to
 * see each question). Saving writes settings.json in the data folder and applies them at once.
 */
final class SettingsForm {
    private final VBox root = new VBox(10);
    private final Spinner<Double> retention = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.70, 0.99, 0.9, 0.01));
    private final Spinner<Integer> newPerDay = new Spinner<>(0, 1000, 10);
    private final CheckBox fuzz = new CheckBox("Spread intervals of 3+ days a little (fuzz)");
    private final Spinner<Integer> mockQuestions = new Spinner<>(1, 50, 5);
    private final Spinner<Integer> mockMinutes = new Spinner<>(1, 240, 30);
    private final DatePicker interview = new DatePicker();
    private final Spinner<Integer> times = new Spinner<>(1, 5, 2);
    private final Label status = new Label();
    private final AppServices services;
    private final Clock clock;
    private final Runnable onSaved;

    SettingsForm(AppServices services, Clock clock, Runnable onSaved) {
        this.services = services;
        this.clock = clock;
        this.onSaved = onSaved;
        retention.setId("settings-retention");
        newPerDay.setId("settings-new-per-day");
        fuzz.setId("settings-fuzz");
        mockQuestions.setId("settings-mock-questions");
        mockMinutes.setId("settings-mock-minutes");
        interview.setId("settings-interview-date");
        times.setId("settings-times");
        for (Spinner<?> s : new Spinner<?>[]{retention, newPerDay, mockQuestions, mockMinutes, times}) {
            s.setEditable(true);
            s.setPrefWidth(110);
        }
        interview.setConverter(ISO);
        interview.setPromptText("none");
        interview.setEditable(true);
        interview.setPrefWidth(150);
        Button clear = new Button("No date");
        clear.setId("settings-interview-clear");
        clear.setOnAction(e -> interview.setValue(null));
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        g.addRow(0, new Label("Desired retention"), retention, hint("share of reviews you want to pass; higher means more reviews"));
        g.addRow(1, new Label("New cards per day"), newPerDay);
        HBox mock = new HBox(6, mockQuestions, new Label("questions in"), mockMinutes, new Label("minutes"));
        mock.setAlignment(Pos.CENTER_LEFT);
        g.add(new Label("Mock interview"), 0, 2);
        g.add(mock, 1, 2, 2, 1);
        g.add(fuzz, 1, 3, 2, 1);
        HBox date = new HBox(6, interview, clear);
        date.setAlignment(Pos.CENTER_LEFT);
        g.addRow(4, new Label("Interview date"), date, hint("YYYY-MM-DD; the quiz plans towards it and the stats forecast your recall on the day"));
        g.addRow(5, new Label("Before it, see each question"), times, hint("times, on different days (more new cards a day if needed)"));
        Button save = new Button("Save settings");
        save.setId("settings-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(e -> save());
        status.setId("settings-status");
        status.setWrapText(true);
        HBox actions = new HBox(12, save, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(g, actions);
        load();
    }

    Node root() {
        return root;
    }

    void load() {
        QuizSettings s = services.settings();
        retention.getValueFactory().setValue(s.desiredRetention());
        newPerDay.getValueFactory().setValue(s.newPerDay());
        fuzz.setSelected(s.fuzz());
        mockQuestions.getValueFactory().setValue(s.mockQuestions());
        mockMinutes.getValueFactory().setValue(s.mockMinutes());
        times.getValueFactory().setValue(s.timesBeforeInterview());
        interview.setValue(services.quizBook().progress().interviewDate().orElse(null));
    }

    private void save() {
        try {
            commitEdits();
            LocalDate date = interviewDate();
            double r = Math.round(retention.getValue() * 100) / 100.0;
            QuizSettings s = new QuizSettings(r, newPerDay.getValue(), fuzz.isSelected(), mockQuestions.getValue(), mockMinutes.getValue(),
                    times.getValue());
            Path file = services.dataFolder().resolve("settings.json");
            s.save(file);
            services.quizBook().setParameters(s.parameters());
            if (!Objects.equals(date, services.quizBook().progress().interviewDate().orElse(null))) {
                services.quizBook().setInterviewDate(date);
            }
            status.getStyleClass().setAll("label", Styles.SUCCESS);
            status.setText("Saved to " + file + (date == null ? "." : "; interview on " + date + " kept with your progress."));
            onSaved.run();
        } catch (Exception ex) {
            status.getStyleClass().setAll("label", Styles.DANGER);
            status.setText("Not saved: " + ex.getMessage());
        }
    }

    /** The typed or picked date; a past one is refused. */
    private LocalDate interviewDate() {
        String text = interview.getEditor().getText().strip();
        LocalDate date;
        try {
            date = text.isEmpty() ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date such as " + LocalDate.now(clock).plusDays(14) + ".");
        }
        interview.setValue(date);
        if (date != null && date.isBefore(LocalDate.now(clock))) {
            throw new IllegalArgumentException("the interview date " + date + " is in the past.");
        }
        return date;
    }

    /** Typed text in an editable spinner counts only once committed. */
    private void commitEdits() {
        for (Spinner<?> s : new Spinner<?>[]{retention, newPerDay, mockQuestions, mockMinutes, times}) {
            commit(s);
        }
    }

    private static <T> void commit(Spinner<T> s) {
        String text = s.getEditor().getText();
        T v = s.getValueFactory().getConverter().fromString(text);
        if (v == null) {
            throw new IllegalArgumentException("'" + text + "' is not a valid value");
        }
        s.getValueFactory().setValue(v);
    }

    private static Label hint(String s) {
        Label l = new Label(s);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    /** Dates as 2026-12-01 whatever the locale. */
    private static final StringConverter<LocalDate> ISO = new StringConverter<>() {
        @Override
        public String toString(LocalDate d) {
            return d == null ? "" : d.toString();
        }

        /** Throws on text that is not a date, so that the picker keeps it rather than clearing it. */
        @Override
        public LocalDate fromString(String s) {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        }
    };
}
