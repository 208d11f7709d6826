package org.deepdrill.ui.quiz;

import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.deepdrill.content.Question;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.Fsrs;
import org.deepdrill.quiz.FsrsParameters;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.ProgressStore;
import org.deepdrill.quiz.QuizSettings;
import org.deepdrill.quiz.Rating;
import org.deepdrill.quiz.Review;
import org.deepdrill.ui.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class StatsPaneTest {
    @TempDir
    Path data;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = QuizUiSupport.window(stage, data);
    }

    private static CardState review(String id, double s, double d, Instant due, Instant last) {
        return new CardState(id, CardState.Phase.REVIEW, 0, s, d, due, last);
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void figuresMatchAPreparedProgressFile(FxRobot robot) throws Exception {
        Instant now = Instant.now();
        Duration day = Duration.ofDays(1);
        Map<String, CardState> cards = new LinkedHashMap<>();
        cards.put("q01-residual-dense-highway", review("q01-residual-dense-highway", 4.0, 5.0, now.minus(day), now.minus(day.multipliedBy(5))));
        cards.put("q02-conv-kernel-sizes", review("q02-conv-kernel-sizes", 9.0, 4.0, now.minusSeconds(60), now.minus(day.multipliedBy(3))));
        cards.put("q06-attention-scaling", review("q06-attention-scaling", 12.0, 6.0, now.plus(day.multipliedBy(2)), now.minus(day.multipliedBy(10))));
        cards.put("q07-positional-encodings", review("q07-positional-encodings", 20.0, 6.0, now.plus(day.multipliedBy(5)), now.minus(day.multipliedBy(15))));
        cards.put("q08-multi-head-attention", review("q08-multi-head-attention", 60.0, 3.0, now.plus(day.multipliedBy(30)), now.minus(day.multipliedBy(30))));
        List<Review> log = List.of(
                new Review("q01-residual-dense-highway", now.minus(day.multipliedBy(20)), Rating.GOOD, "self"),
                new Review("q01-residual-dense-highway", now.minus(day.multipliedBy(10)), Rating.AGAIN, "self"),
                new Review("q01-residual-dense-highway", now.minus(day.multipliedBy(5)), Rating.GOOD, "mock"),
                new Review("q02-conv-kernel-sizes", now.minus(day.multipliedBy(9)), Rating.GOOD, "self"),
                new Review("q02-conv-kernel-sizes", now.minus(day.multipliedBy(9)).plusSeconds(600), Rating.GOOD, "self"),
                new Review("q02-conv-kernel-sizes", now.minus(day.multipliedBy(3)), Rating.HARD, "check"));
        new ProgressStore(data.resolve("progress.json")).save(new Progress(cards, log));

        robot.clickOn("#mode-stats");
        assertEquals("2", text(robot, "#stats-due-today"), "one card overdue since yesterday, one due a minute ago");
        assertEquals("2", text(robot, "#stats-due-week"), "due in 2 and in 5 days; the 30-day card is outside");
        // reviews a day or more after the previous one: q01 Again, q01 Good, q02 Hard (the 10-minute step is left out)
        assertEquals("66.7%", text(robot, "#stats-retention"));
        assertEquals("6", text(robot, "#stats-reviews"));
        assertEquals("5", text(robot, "#stats-studied"));

        @SuppressWarnings("unchecked")
        BarChart<String, Number> chart = robot.lookup("#stats-due-chart").queryAs(BarChart.class);
        List<Integer> bars = chart.getData().get(0).getData().stream().map(XYChart.Data::getYValue).map(Number::intValue).toList();
        assertEquals(List.of(2, 0, 1, 0, 0, 1, 0, 0), bars);
        assertEquals("Today", chart.getData().get(0).getData().get(0).getXValue());

        // section 1 mastery: mean over its 5 questions of R(elapsed + 30 d, S), unseen questions count 0
        Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
        double m1 = (fsrs.retrievability(5 + 30, 4.0) + fsrs.retrievability(3 + 30, 9.0)) / 5;
        assertEquals(String.format(Locale.ROOT, "%.0f%%", 100 * m1), text(robot, "#mastery-1"));
        assertEquals("0%", text(robot, "#mastery-3"), "nothing of section 3 was studied");
        assertTrue(text(robot, "#stats-heatmap-total").startsWith("6 reviews on "), text(robot, "#stats-heatmap-total"));
        QuizUiSupport.snapshot(robot, robot.lookup("#stats-pane").queryAs(ScrollPane.class).getContent(), "ui-stats.png");
    }

    @Test
    void noReviewsShowADashForRetention(FxRobot robot) {
        robot.clickOn("#mode-stats");
        assertEquals("—", text(robot, "#stats-retention"));
        assertEquals("0", text(robot, "#stats-due-today"));
    }

    @Test
    void savedSettingsLimitTheNewCardsOfTheQuiz(FxRobot robot) throws Exception {
        robot.clickOn("#mode-stats");
        @SuppressWarnings("unchecked")
        Spinner<Integer> perDay = robot.lookup("#settings-new-per-day").queryAs(Spinner.class);
        @SuppressWarnings("unchecked")
        Spinner<Double> retention = robot.lookup("#settings-retention").queryAs(Spinner.class);
        robot.interact(() -> {
            perDay.getValueFactory().setValue(2);
            retention.getValueFactory().setValue(0.85);
        });
        robot.interact(() -> robot.lookup("#settings-save").queryButton().fire());
        assertTrue(text(robot, "#settings-status").startsWith("Saved"), text(robot, "#settings-status"));
        QuizSettings s = QuizSettings.load(data.resolve("settings.json"));
        assertEquals(2, s.newPerDay());
        assertEquals(0.85, s.desiredRetention(), 1e-9);
        assertEquals(0.85, window.services().quizBook().fsrs().parameters().desiredRetention(), 1e-9, "applied at once");
        robot.clickOn("#mode-quiz");
        assertEquals("Card 1 of 2", text(robot, "#quiz-counter"));
    }

    @Test
    void packFoldersAreSavedAndAMissingFolderIsRefusedByName(FxRobot robot) throws Exception {
        robot.clickOn("#mode-stats");
        Path pack = Files.createDirectories(data.resolve("my-pack"));
        javafx.scene.control.TextArea folders = robot.lookup("#packs-folders").queryAs(javafx.scene.control.TextArea.class);
        robot.interact(() -> folders.setText(data.resolve("nowhere") + "\n"));
        robot.interact(() -> robot.lookup("#packs-save").queryButton().fire());
        assertEquals("Not saved: '" + data.resolve("nowhere") + "' is not a folder.", text(robot, "#packs-status"));
        assertTrue(Files.notExists(data.resolve(org.deepdrill.content.PackSettings.FILE)));
        robot.interact(() -> folders.setText(pack + "\n\n"));
        robot.interact(() -> robot.lookup("#packs-save").queryButton().fire());
        assertTrue(text(robot, "#packs-status").startsWith("Saved 1 folder(s)"), text(robot, "#packs-status"));
        assertEquals(List.of(pack), org.deepdrill.content.ContentLibrary.packFolders(data));
    }

    @Test
    void exportWritesOneAnkiNotePerQuestionAndNoHistory(FxRobot robot) throws Exception {
        Path out = data.resolve("deck.tsv");
        robot.interact(() -> new StatsPane(window.services()).exportTo(out));
        List<String> lines = Files.readAllLines(out);
        List<String> notes = lines.stream().filter(l -> !l.startsWith("#")).toList();
        List<Question> qs = window.services().content().questions();
        assertEquals(qs.size(), notes.size());
        assertTrue(notes.size() >= 13, "at least the seed's 13 questions");
        assertTrue(notes.get(0).startsWith("deepdrill-" + qs.get(0).id() + "\t"));
        assertTrue(notes.stream().allMatch(l -> l.split("\t", -1).length == 4));
        assertTrue(lines.stream().noneMatch(l -> l.contains("reviewedAt") || l.matches(".*\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*")),
                "no review history in the export");
    }
}
