package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Section;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The end of a mock interview: each question's grade and time, totals per section, links to the demos. */
final class MockSummary {
    private final VBox root = new VBox(14);

    MockSummary(MockSession session, boolean timeUp, ContentSet content, Consumer<String> openQuestion, Runnable again) {
        root.setId("mock-summary");
        root.setPadding(new Insets(24, 32, 24, 32));
        List<MockSession.Result> results = session.results();
        long graded = results.stream().filter(r -> r.grade() != null).count();
        long spent = results.stream().mapToLong(MockSession.Result::millis).sum();
        Label title = new Label(timeUp ? "Time is up" : "Interview finished");
        title.setId("mock-summary-title");
        title.getStyleClass().add(Styles.TITLE_2);
        Label line = new Label("You graded " + graded + " of " + results.size() + " questions in " + clock(spent)
                + " (limit " + clock(session.limitMillis()) + ")." + (graded > 0 ? " The grades went into your review schedule." : ""));
        line.setWrapText(true);
        Button restart = new Button("New mock interview");
        restart.setId("mock-again");
        restart.getStyleClass().add(Styles.ACCENT);
        restart.setOnAction(e -> again.run());
        root.getChildren().addAll(title, line, MockInterviewPane.subhead("Per question"), perQuestion(results, content, openQuestion),
                MockInterviewPane.subhead("Per section"), perSection(session.bySection(), content), restart);
    }

    Node root() {
        return root;
    }

    private static GridPane perQuestion(List<MockSession.Result> results, ContentSet content, Consumer<String> openQuestion) {
        GridPane g = grid("mock-summary-questions");
        g.addRow(0, head("#"), head("Question"), head("Section"), head("Grade"), head("Time"), head(""));
        int row = 1;
        for (MockSession.Result r : results) {
            Label t = new Label(r.question().title());
            t.setWrapText(true);
            Button demo = new Button("Open demo");
            demo.setId("mock-open-" + r.question().id());
            demo.getStyleClass().add(Styles.SMALL);
            demo.setOnAction(e -> openQuestion.accept(r.question().id()));
            g.addRow(row, new Label(Integer.toString(row)), t, new Label(sectionName(content, r.question().section())),
                    grade(r), new Label(r.reached() ? clock(r.millis()) : "—"), demo);
            row++;
        }
        g.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().get(1).setMinWidth(200);
        return g;
    }

    private static GridPane perSection(List<MockSession.SectionTotal> totals, ContentSet content) {
        GridPane g = grid("mock-summary-sections");
        g.addRow(0, head("Section"), head("Questions"), head("Graded"), head("Mean grade"), head("Time"));
        int row = 1;
        for (MockSession.SectionTotal s : totals) {
            String mean = Double.isNaN(s.meanGrade()) ? "—" : String.format(Locale.ROOT, "%.1f of 4", s.meanGrade());
            g.addRow(row++, new Label(sectionName(content, s.section())), new Label(Integer.toString(s.questions())),
                    new Label(Integer.toString(s.graded())), new Label(mean), new Label(clock(s.millis())));
        }
        g.getColumnConstraints().get(0).setHgrow(Priority.ALWAYS);
        return g;
    }

    private static Label grade(MockSession.Result r) {
        Label l = new Label(r.grade() != null ? r.grade().label() : r.reached() ? "not graded (time)" : "not reached");
        l.getStyleClass().add(r.grade() == null ? Styles.TEXT_MUTED : switch (r.grade()) {
            case AGAIN -> Styles.DANGER;
            case HARD -> Styles.WARNING;
            case GOOD -> Styles.SUCCESS;
            case EASY -> Styles.ACCENT;
        });
        l.getStyleClass().add("mock-grade");
        return l;
    }

    private static GridPane grid(String id) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(16);
        g.setVgap(8);
        g.setAlignment(Pos.TOP_LEFT);
        g.getStyleClass().add("mock-table");
        for (int i = 0; i < 6; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setHgrow(Priority.NEVER);
            c.setMinWidth(Region.USE_PREF_SIZE);
            g.getColumnConstraints().add(c);
        }
        return g;
    }

    private static Label head(String s) {
        Label l = new Label(s);
        l.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.TEXT_MUTED);
        return l;
    }

    private static String sectionName(ContentSet content, int number) {
        return content.sections().stream().filter(s -> s.number() == number).map(Section::title).findFirst()
                .orElse("Section " + number);
    }

    static String clock(long millis) {
        long s = Math.round(millis / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
