package org.deepdrill.ui.quiz;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.deepdrill.content.Check;
import org.deepdrill.content.Question;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.Fsrs;
import org.deepdrill.quiz.FsrsParameters;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.ProgressStore;
import org.deepdrill.quiz.Rating;
import org.deepdrill.quiz.Review;
import org.deepdrill.ui.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class QuizPaneTest {
    @TempDir
    Path data;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = QuizUiSupport.window(stage, data);
    }

    private Label counter(FxRobot robot) {
        return robot.lookup("#quiz-counter").queryAs(Label.class);
    }

    private Progress saved() {
        return new ProgressStore(data.resolve("progress.json")).load().progress();
    }

    @Test
    void threeCardsGradedWithTheKeyboardAreSavedWithTheirSchedules(FxRobot robot) throws Exception {
        robot.clickOn("#mode-quiz");
        List<String> order = window.services().content().questions().stream().map(Question::id).toList();
        assertEquals("Card 1 of 10", counter(robot).getText(), "13 new questions, 10 new cards a day by default");
        int[] keys = {3, 1, 4};
        KeyCode[] codes = {KeyCode.DIGIT3, KeyCode.DIGIT1, KeyCode.DIGIT4};
        for (int i = 0; i < 3; i++) {
            robot.type(KeyCode.SPACE);
            QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#grade-1").tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false));
            Button good = robot.lookup("#grade-" + keys[i]).queryAs(Button.class);
            assertTrue(good.getText().contains(List.of("", "1 min", "6 min", "10 min", "8 d").get(keys[i])), good.getText());
            if (i == 0) {
                QuizUiSupport.snapshot(robot, window.root(), "ui-quiz-revealed.png");
            }
            robot.type(codes[i]);
            int next = i + 2;
            QuizUiSupport.waitUntil(robot, 30, () -> counter(robot).getText().equals("Card " + next + " of 10"));
        }
        Progress p = saved();
        assertEquals(3, p.log().size());
        assertEquals(List.of(Rating.GOOD, Rating.AGAIN, Rating.EASY), p.log().stream().map(Review::rating).toList());
        assertTrue(p.log().stream().allMatch(r -> r.source().equals("self")));
        assertEquals(order.subList(0, 3), p.log().stream().map(Review::card).toList(), "new cards come in content order");

        CardState good = p.cards().get(order.get(0));
        assertEquals(CardState.Phase.LEARNING, good.phase());
        assertEquals(Duration.ofMinutes(10), Duration.between(good.lastReview(), good.due()), "Good on a new card: second step, 10 min");
        CardState again = p.cards().get(order.get(1));
        assertEquals(Duration.ofMinutes(1), Duration.between(again.lastReview(), again.due()), "Again: due in 1 minute");
        CardState easy = p.cards().get(order.get(2));
        assertEquals(CardState.Phase.REVIEW, easy.phase());
        assertEquals(FsrsParameters.DEFAULT_WEIGHTS[3], easy.stability(), 1e-9, "S0(Easy) = w3");
        int days = new Fsrs(FsrsParameters.defaults()).nextInterval(easy.stability());
        assertEquals(8, days);
        assertEquals(Duration.ofDays(days), Duration.between(easy.lastReview(), easy.due()));
    }

    @Test
    void aWrongMultipleChoiceAnswerGradesAgainAndSaysWhy(FxRobot robot) throws Exception {
        robot.clickOn("#mode-quiz");
        Question first = window.services().content().questions().get(0);
        int checkIndex = -1;
        for (int i = 0; i < first.checks().size() && checkIndex < 0; i++) {
            if (first.checks().get(i) instanceof Check.Choice) {
                checkIndex = i;
            }
        }
        assertTrue(checkIndex >= 0, "the first question has a multiple-choice check");
        Check.Choice choice = (Check.Choice) first.checks().get(checkIndex);
        int wrong = choice.options().get(0).correct() ? 1 : 0;
        // the checks sit below the answer box, maybe out of view: press the option as a click would
        Button option = robot.lookup("#check-" + checkIndex + "-option-" + wrong).queryAs(Button.class);
        robot.interact(option::fire);
        QuizUiSupport.waitUntil(robot, 30, () -> !robot.lookup("#quiz-next").queryAs(Button.class).isDisabled());

        String why = choice.options().get(wrong).why();
        assertTrue(robot.lookup((Label l) -> l.isVisible() && l.getText().equals("Why not: " + why)).tryQuery().isPresent(),
                "the why of the chosen wrong option is shown");
        for (int j = 0; j < choice.options().size(); j++) {
            Check.Option o = choice.options().get(j);
            if (!o.correct()) {
                assertTrue(robot.lookup((Label l) -> l.isVisible() && l.getText().equals("Why not: " + o.why())).tryQuery().isPresent(),
                        "every wrong option explains itself: " + o.text());
            }
        }
        Label verdict = robot.lookup("#check-" + checkIndex + "-verdict").queryAs(Label.class);
        assertTrue(verdict.getText().startsWith("Wrong"), verdict.getText());
        Label note = robot.lookup("#quiz-check-note").queryAs(Label.class);
        assertTrue(note.getText().contains("due again in 1 min"), note.getText());
        QuizUiSupport.snapshot(robot, window.root(), "ui-quiz-check-wrong.png");

        Progress p = saved();
        assertEquals(1, p.log().size());
        Review r = p.log().get(0);
        assertEquals(first.id(), r.card());
        assertEquals(Rating.AGAIN, r.rating());
        assertEquals("check", r.source());

        robot.type(KeyCode.SPACE);
        QuizUiSupport.waitUntil(robot, 10, () -> counter(robot).getText().equals("Card 2 of 10"));
    }

    @Test
    void aNumericCheckIsGradedWithItsTolerance(FxRobot robot) throws Exception {
        robot.clickOn("#mode-quiz");
        List<Question> qs = window.services().content().questions();
        int card = 0;
        int idx = -1;
        for (; card < 10 && idx < 0; card++) {
            for (int i = 0; i < qs.get(card).checks().size() && idx < 0; i++) {
                if (qs.get(card).checks().get(i) instanceof Check.Numeric) {
                    idx = i;
                }
            }
        }
        card--;
        assertTrue(idx >= 0, "some question among the first ten has a numeric check");
        for (int k = 0; k < card; k++) {
            robot.type(KeyCode.SPACE);
            int shown = k + 1;
            QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#grade-3").tryQuery().map(n -> n.getScene() != null).orElse(false));
            robot.type(KeyCode.DIGIT3);
            QuizUiSupport.waitUntil(robot, 30, () -> counter(robot).getText().equals("Card " + (shown + 1) + " of 10"));
        }
        Check.Numeric n = (Check.Numeric) qs.get(card).checks().get(idx);
        String inside = CheckView.format(n.answer() + n.tolerance() * 0.5);
        javafx.scene.control.TextField input = robot.lookup("#check-" + idx + "-input").queryAs(javafx.scene.control.TextField.class);
        robot.interact(input::requestFocus);
        robot.write(inside).type(KeyCode.ENTER);
        Label verdict = robot.lookup("#check-" + idx + "-verdict").queryAs(Label.class);
        assertTrue(verdict.getText().startsWith("Right"), inside + " is within the tolerance: " + verdict.getText());
        assertEquals(card, saved().log().size(), "a right check does not grade the card by itself");
    }

    @Test
    void afterTheLastCardTheEndScreenSaysWhenTheNextIsDue(FxRobot robot) throws Exception {
        new org.deepdrill.quiz.QuizSettings(0.9, 1, false, 5, 30, 2).save(data.resolve("settings.json"));
        robot.clickOn("#mode-quiz");
        assertEquals("Card 1 of 1", counter(robot).getText(), "the daily limit of new cards comes from the settings");
        robot.type(KeyCode.SPACE);
        QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#grade-1").tryQuery().map(n -> n.getScene() != null).orElse(false));
        robot.type(KeyCode.DIGIT1);
        QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#quiz-end-title").tryQuery().isPresent());
        assertEquals("Nothing due.", robot.lookup("#quiz-end-title").queryAs(Label.class).getText());
        String next = robot.lookup("#quiz-next-due").queryAs(Label.class).getText();
        assertTrue(next.startsWith("Next card due in 1 min"), next);
        assertEquals(1, saved().log().size());
        QuizUiSupport.snapshot(robot, window.root(), "ui-quiz-end.png");
    }

    @Test
    void aFailedSaveIsShownAndTheSessionGoesOn(FxRobot robot) throws Exception {
        // a directory where the temporary file must go makes every save fail
        Files.createDirectories(data.resolve("progress.json.tmp"));
        robot.clickOn("#mode-quiz");
        robot.type(KeyCode.SPACE);
        QuizUiSupport.waitUntil(robot, 30, () -> robot.lookup("#grade-3").tryQuery().map(n -> n.getScene() != null).orElse(false));
        robot.type(KeyCode.DIGIT3);
        QuizUiSupport.waitUntil(robot, 30, () -> counter(robot).getText().equals("Card 2 of 10"));
        Label error = robot.lookup("#quiz-error-text").queryAs(Label.class);
        assertTrue(error.isVisible() && error.getText().startsWith("Could not save your progress"), error.getText());
        assertEquals(1, window.services().quizBook().progress().log().size(), "the grade is kept in memory");
        assertTrue(Files.notExists(data.resolve("progress.json")));
    }

    @Test
    void aCorruptProgressFileIsSetAsideAndTheBannerSaysSo(FxRobot robot) throws Exception {
        ProgressStore store = new ProgressStore(data.resolve("progress.json"));
        Progress p = Progress.empty();
        Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
        Instant t = Instant.now().minus(Duration.ofDays(3));
        p.grade(fsrs, "q01-residual-dense-highway", Rating.GOOD, t, "self");
        store.save(p);
        p.grade(fsrs, "q02-conv-kernel-sizes", Rating.GOOD, t.plusSeconds(60), "self");
        store.save(p);
        Files.writeString(data.resolve("progress.json"), "{\"version\": 1, \"cards\": {\"q01\": ");

        robot.clickOn("#mode-quiz");
        Label banner = robot.lookup("#quiz-banner-text").queryAs(Label.class);
        assertTrue(banner.isVisible());
        assertTrue(banner.getText().contains("could not be used") && banner.getText().contains("Restored the last good copy with 1 reviews"),
                banner.getText());
        try (var files = Files.list(data)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("progress.json.unreadable-")),
                    "the corrupt file is kept aside");
        }
        QuizUiSupport.snapshot(robot, window.root(), "ui-quiz-banner.png");
    }

    @Test
    void theQuizViewOpensQuicklyWithAThousandReviews(FxRobot robot) throws Exception {
        List<String> ids = window.services().content().questions().stream().map(Question::id).toList();
        Progress p = Progress.empty();
        Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
        Instant t = Instant.now().minus(Duration.ofDays(260));
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 1000; i++) {
            p.grade(fsrs, ids.get(i % ids.size()), Rating.of(1 + rnd.nextInt(4)), t.plus(Duration.ofHours(6L * i)), "self");
        }
        new ProgressStore(data.resolve("progress.json")).save(p);
        ToggleButton quiz = robot.lookup("#mode-quiz").queryAs(ToggleButton.class);
        long[] built = new long[1];
        long t0 = System.nanoTime();
        robot.interact(() -> {
            quiz.fire();
            built[0] = System.nanoTime();
        });
        WaitForAsyncUtils.waitForFxEvents();
        long shown = System.nanoTime();
        double buildMs = (built[0] - t0) / 1e6;
        double shownMs = (shown - t0) / 1e6;
        System.out.printf("QUIZ-OPEN-1000: built in %.0f ms, shown (after FX events) in %.0f ms%n", buildMs, shownMs);
        assertNotNull(robot.lookup("#quiz-counter").queryAs(Label.class).getText());
        assertEquals(1000, window.services().quizBook().progress().log().size());
        assertTrue(shownMs < 3000, "the quiz view opened in " + shownMs + " ms");
    }
}
