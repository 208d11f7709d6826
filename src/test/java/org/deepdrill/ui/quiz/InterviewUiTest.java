package org.deepdrill.ui.quiz;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.deepdrill.content.Section;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class InterviewUiTest {
    private static final String Q6 = "q06-attention-scaling";
    private static final String Q1 = "q01-residual-dense-highway";
    @TempDir
    Path data;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Two studied cards, the interview {@code days} from today, then the window. */
    private Progress prepare(FxRobot robot, int days) throws Exception {
        Instant now = Instant.now();
        Duration day = Duration.ofDays(1);
        Map<String, CardState> cards = new LinkedHashMap<>();
        // due after the interview, but only about 87% recall on the day: the plan brings it forward
        cards.put(Q6, new CardState(Q6, CardState.Phase.REVIEW, 0, 5, 5, now.plus(day.multipliedBy(10)), now.minus(day.multipliedBy(4))));
        cards.put(Q1, new CardState(Q1, CardState.Phase.REVIEW, 0, 200, 3, now.plus(day.multipliedBy(150)), now.minus(day.multipliedBy(2))));
        List<Review> log = List.of(new Review(Q6, now.minus(day.multipliedBy(9)), Rating.GOOD, "self"),
                new Review(Q6, now.minus(day.multipliedBy(4)), Rating.GOOD, "self"),
                new Review(Q1, now.minus(day.multipliedBy(30)), Rating.EASY, "self"),
                new Review(Q1, now.minus(day.multipliedBy(2)), Rating.EASY, "self"));
        Progress p = new Progress(cards, log);
        p.setInterviewDate(LocalDate.now(ZoneId.systemDefault()).plusDays(days));
        new ProgressStore(data.resolve("progress.json")).save(p);
        robot.interact(() -> window = QuizUiSupport.window(stage, data));
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsShowTheCountdownTheForecastPerSectionAndBothCurves(FxRobot robot) throws Exception {
        Progress p = prepare(robot, 10);
        robot.clickOn("#mode-stats");
        assertEquals("10 days", text(robot, "#stats-countdown"));
        assertTrue(text(robot, "#forecast-headline").contains(", in 10 days. If you stopped reviewing now"), text(robot, "#forecast-headline"));

        Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
        Instant at = p.interviewDate().orElseThrow().atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant();
        Section s2 = window.services().content().sections().get(1);
        CardState q6 = p.cards().get(Q6);
        double r = fsrs.retrievability((at.getEpochSecond() - q6.lastReview().getEpochSecond()) / 86400.0, 5);
        assertEquals(String.format(Locale.ROOT, "%.0f%%", 100 * r / s2.questions().size()), text(robot, "#forecast-2"));
        assertEquals("0%", text(robot, "#forecast-3"));
        assertTrue(text(robot, "#forecast-plan").contains("Reviews brought forward: 1 card due after the interview comes back early"),
                text(robot, "#forecast-plan"));

        LineChart<Number, Number> chart = robot.lookup("#forecast-chart").queryAs(LineChart.class);
        QuizUiSupport.waitUntil(robot, 60, () -> chart.getData().size() == 2);
        XYChart.Series<Number, Number> stop = chart.getData().get(0);
        XYChart.Series<Number, Number> plan = chart.getData().get(1);
        assertEquals("If you stop reviewing now", stop.getName());
        assertEquals("Following the plan", plan.getName());
        assertEquals(11, stop.getData().size(), "today, then 10 mornings");
        double stopLast = stop.getData().get(10).getYValue().doubleValue();
        double planLast = plan.getData().get(10).getYValue().doubleValue();
        assertTrue(planLast > stopLast + 10, "studying the plan's queue beats stopping: " + planLast + " vs " + stopLast);
        assertTrue(text(robot, "#forecast-chart-note").startsWith("Following the plan: "), text(robot, "#forecast-chart-note"));
        QuizUiSupport.snapshot(robot, robot.lookup("#stats-pane").queryAs(ScrollPane.class).getContent(), "ui-stats-interview.png");
    }

    @Test
    void settingsRefuseAPastDateAndSaveAFutureOneWithTheProgress(FxRobot robot) throws Exception {
        prepare(robot, 10);
        robot.clickOn("#mode-stats");
        DatePicker picker = robot.lookup("#settings-interview-date").queryAs(DatePicker.class);
        LocalDate today = LocalDate.now(ZoneId.systemDefault());
        robot.interact(() -> picker.getEditor().setText(today.minusDays(1).toString()));
        robot.interact(() -> robot.lookup("#settings-save").queryButton().fire());
        assertEquals("Not saved: the interview date " + today.minusDays(1) + " is in the past.", text(robot, "#settings-status"));
        robot.interact(() -> picker.getEditor().setText("soon"));
        robot.interact(() -> robot.lookup("#settings-save").queryButton().fire());
        assertTrue(text(robot, "#settings-status").startsWith("Not saved: 'soon' is not a date such as "), text(robot, "#settings-status"));
        assertEquals(today.plusDays(10), new ProgressStore(data.resolve("progress.json")).load().progress().interviewDate().orElseThrow(),
                "refused dates change nothing");

        @SuppressWarnings("unchecked")
        Spinner<Integer> times = robot.lookup("#settings-times").queryAs(Spinner.class);
        robot.interact(() -> {
            picker.getEditor().setText(today.plusDays(30).toString());
            times.getValueFactory().setValue(3);
        });
        robot.interact(() -> robot.lookup("#settings-save").queryButton().fire());
        assertTrue(text(robot, "#settings-status").startsWith("Saved to "), text(robot, "#settings-status"));
        Progress back = new ProgressStore(data.resolve("progress.json")).load().progress();
        assertEquals(today.plusDays(30), back.interviewDate().orElseThrow());
        assertEquals(4, back.log().size(), "the reviews are kept");
        assertEquals(3, QuizSettings.load(data.resolve("settings.json")).timesBeforeInterview());
        assertEquals("30 days", text(robot, "#stats-countdown"));

        robot.interact(() -> robot.lookup("#settings-interview-clear").queryButton().fire());
        robot.interact(() -> robot.lookup("#settings-save").queryButton().fire());
        assertTrue(new ProgressStore(data.resolve("progress.json")).load().progress().interviewDate().isEmpty());
        assertEquals("—", text(robot, "#stats-countdown"));
        assertTrue(text(robot, "#forecast-headline").startsWith("No interview date yet."), text(robot, "#forecast-headline"));
    }

    @Test
    void theQuizShowsTheCountdownTheRaisedLimitAndWhyACardIsEarly(FxRobot robot) throws Exception {
        new QuizSettings(0.9, 1, false, 5, 30, 2).save(data.resolve("settings.json"));
        prepare(robot, 3);
        robot.clickOn("#mode-quiz");
        String countdown = text(robot, "#quiz-countdown");
        assertTrue(countdown.startsWith("Interview in 3 days · "), countdown);
        assertEquals(Q6, window.services().content().questions().stream().filter(q -> robot.lookup("#card-title")
                .queryAs(Label.class).getText().equals(q.title())).findFirst().orElseThrow().id(), "the early card comes before new ones");
        assertEquals("Early", text(robot, "#quiz-kind"));
        assertTrue(text(robot, "#quiz-why").startsWith("Early: due "), text(robot, "#quiz-why"));
        assertTrue(text(robot, "#quiz-why").contains(", after your interview; recall on the day would be "), text(robot, "#quiz-why"));
        int unseen = window.services().content().questions().size() - 2;
        assertEquals("All " + unseen + " questions not yet seen are in today's queue (your limit is 1 new a day): today is the last day "
                + "that leaves time to see each 2 times before your interview on "
                + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).format(LocalDate.now(ZoneId.systemDefault()).plusDays(3))
                + ".", text(robot, "#quiz-plan-note"));
        assertEquals("Card 1 of " + (1 + unseen), text(robot, "#quiz-counter"));
        QuizUiSupport.snapshot(robot, window.root(), "ui-quiz-early.png");
    }

    @Test
    void theMockInterviewOffersTheSectionsIWouldForgetFirst(FxRobot robot) throws Exception {
        prepare(robot, 10);
        robot.clickOn("#mode-mock-interview");
        VBox list = (VBox) robot.lookup("#mock-section-2").queryAs(CheckBox.class).getParent();
        List<CheckBox> boxes = list.getChildren().stream().filter(n -> n instanceof CheckBox).map(n -> (CheckBox) n).toList();
        assertTrue(boxes.get(boxes.size() - 1).getId().equals("mock-section-1"), "section 1 (a card at 200 days) is forgotten least: last");
        assertTrue(boxes.get(0).getText().contains("· 0% on the day"), boxes.get(0).getText());
        assertTrue(boxes.stream().filter(b -> !b.getId().equals("mock-section-1") && !b.getId().equals("mock-section-2")).allMatch(CheckBox::isSelected),
                "the never-studied sections are picked");
        assertTrue(!robot.lookup("#mock-section-1").queryAs(CheckBox.class).isSelected());
        robot.interact(() -> robot.lookup("#mock-all").queryButton().fire());
        assertTrue(boxes.stream().allMatch(CheckBox::isSelected));
        robot.interact(() -> robot.lookup("#mock-forget").queryButton().fire());
        assertTrue(!robot.lookup("#mock-section-1").queryAs(CheckBox.class).isSelected());
    }
}
