package org.deepdrill.ui.quiz;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.ProgressStore;
import org.deepdrill.quiz.Rating;
import org.deepdrill.quiz.Review;
import org.deepdrill.ui.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class MockInterviewPaneTest {
    @TempDir
    Path data;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = QuizUiSupport.window(stage, data);
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty("deepdrill.mockSeconds");
    }

    @SuppressWarnings("unchecked")
    private void setQuestions(FxRobot robot, int n) {
        Spinner<Integer> s = robot.lookup("#mock-questions").queryAs(Spinner.class);
        robot.interact(() -> s.getValueFactory().setValue(n));
    }

    @Test
    void theTimerRunsOutAndTheSummaryAppears(FxRobot robot) throws Exception {
        System.setProperty("deepdrill.mockSeconds", "2");
        robot.clickOn("#mode-mock-interview");
        // only section 2 (attention): every drawn question must come from it
        for (org.deepdrill.content.Section sec : window.services().content().sections()) {
            if (sec.number() != 2 && !sec.questions().isEmpty()) {
                robot.clickOn("#mock-section-" + sec.number());
            }
        }
        setQuestions(robot, 3);
        robot.clickOn("#mock-start");
        Label timer = robot.lookup("#mock-timer").queryAs(Label.class);
        assertTrue(timer.getText().matches("0:0[12] left"), timer.getText());
        assertEquals("Question 1 of 3", robot.lookup("#mock-counter").queryAs(Label.class).getText());
        QuizUiSupport.snapshot(robot, window.root(), "ui-mock-running.png");
        QuizUiSupport.waitUntil(robot, 20, () -> robot.lookup("#mock-summary").tryQuery().isPresent());

        assertEquals("Time is up", robot.lookup("#mock-summary-title").queryAs(Label.class).getText());
        GridPane perQuestion = robot.lookup("#mock-summary-questions").queryAs(GridPane.class);
        assertEquals(4 * 6, perQuestion.getChildren().size(), "a header row and three question rows");
        assertTrue(robot.lookup((Label l) -> l.getText().equals("not graded (time)")).tryQuery().isPresent());
        assertEquals(2, robot.lookup((Label l) -> l.getText().equals("not reached")).queryAll().size());
        GridPane perSection = robot.lookup("#mock-summary-sections").queryAs(GridPane.class);
        assertEquals(2 * 5, perSection.getChildren().size(), "one section was picked");
        assertTrue(robot.lookup((Label l) -> l.getText().equals("Attention")).tryQuery().isPresent()
                || perSection.getChildren().stream().anyMatch(n -> n instanceof Label l && l.getText().contains("ttention")));
        assertEquals(0, new ProgressStore(data.resolve("progress.json")).load().progress().log().size(),
                "nothing was graded, nothing is logged");
        QuizUiSupport.snapshot(robot, window.root(), "ui-mock-summary-timeup.png");

        Button open = robot.lookup((Button b) -> b.getId() != null && b.getId().startsWith("mock-open-")).queryAs(Button.class);
        String id = open.getId().substring("mock-open-".length());
        assertEquals(2, window.services().content().question(id).map(q -> q.section()).orElse(-1), "a question of the section picked");
        robot.clickOn(open);
        QuizUiSupport.waitUntil(robot, 10, () -> window.questionView().previewTitle().length() > 0
                && window.services().content().question(id).map(q -> window.questionView().previewTitle().startsWith(
                        "Q" + Integer.parseInt(id.substring(1, 3)))).orElse(false));
    }

    @Test
    void gradedQuestionsFeedTheSchedulerAsMockReviews(FxRobot robot) throws Exception {
        System.setProperty("deepdrill.mockSeconds", "300");
        robot.clickOn("#mode-mock-interview");
        setQuestions(robot, 2);
        robot.clickOn("#mock-start");
        KeyCode[] grades = {KeyCode.DIGIT3, KeyCode.DIGIT2};
        for (int i = 0; i < 2; i++) {
            robot.type(KeyCode.SPACE);
            QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#grade-1").tryQuery().map(n -> n.getScene() != null).orElse(false));
            robot.type(grades[i]);
            if (i == 0) {
                QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#mock-counter").queryAs(Label.class).getText().equals("Question 2 of 2"));
            }
        }
        QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#mock-summary").tryQuery().isPresent());
        assertEquals("Interview finished", robot.lookup("#mock-summary-title").queryAs(Label.class).getText());
        assertTrue(robot.lookup((Label l) -> l.getText().equals("Good")).tryQuery().isPresent());
        assertTrue(robot.lookup((Label l) -> l.getText().equals("Hard")).tryQuery().isPresent());
        Progress p = new ProgressStore(data.resolve("progress.json")).load().progress();
        assertEquals(List.of(Rating.GOOD, Rating.HARD), p.log().stream().map(Review::rating).toList());
        assertTrue(p.log().stream().allMatch(r -> r.source().equals("mock")));
        assertEquals(2, p.log().stream().map(Review::card).distinct().count(), "two different questions were drawn");
        QuizUiSupport.snapshot(robot, window.root(), "ui-mock-summary.png");
    }
}
