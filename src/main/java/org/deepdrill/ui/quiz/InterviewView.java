package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.deepdrill.content.Section;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.Forecast;
import org.deepdrill.quiz.Interview;
import org.deepdrill.quiz.InterviewPlan;
import org.deepdrill.quiz.PlanSimulation;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.QuizSettings;
import org.deepdrill.quiz.StudyQueue;
import org.deepdrill.ui.AppServices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interview part of the stats: the forecast of recall on the day per section, what the plan
 * does (new cards a day, reviews brought forward), and expected recall from today to the day if
 * the learner stops now against following the plan (the mean of simulated futures, computed off
 * the FX thread).
 */
final class InterviewView {
    static final int PLAN_RUNS = 40;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private final AppServices services;
    private final QuizBook book;
    private final VBox root = new VBox(10);
    private final Label headline = new Label();
    private final Label plan = new Label();
    private final GridPane sections = new GridPane();
    private final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final Label chartNote = new Label();
    private long generation;

    InterviewView(AppServices services) {
        this.services = services;
        this.book = services.quizBook();
        headline.setId("forecast-headline");
        headline.setWrapText(true);
        plan.setId("forecast-plan");
        plan.setWrapText(true);
        sections.setId("forecast-sections");
        sections.setHgap(12);
        sections.setVgap(6);
        chart.setId("forecast-chart");
        chart.setTitle("Expected recall from today to the interview");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(340);
        chart.setMinHeight(320);
        NumberAxis y = (NumberAxis) chart.getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(0);
        y.setUpperBound(100);
        y.setTickUnit(20);
        y.setMinorTickVisible(false);
        y.setLabel("% recalled");
        chart.getXAxis().setLabel("days from today");
        chartNote.setId("forecast-chart-note");
        chartNote.setWrapText(true);
        chartNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        root.getChildren().addAll(headline, sections, plan, chart, chartNote);
    }

    Node root() {
        return root;
    }

    /** Recomputes the forecast and the plan; the plan's curve follows when its simulation is done. */
    void refresh(Instant now, ZoneId zone) {
        generation++;
        Optional<LocalDate> date = book.progress().interviewDate();
        Interview interview = date.map(d -> new Interview(d, zone)).orElse(null);
        boolean ahead = interview != null && interview.ahead(now);
        for (Node n : List.of(sections, plan, chart, chartNote)) {
            n.setVisible(ahead);
            n.setManaged(ahead);
        }
        headline.getStyleClass().setAll("label", ahead ? Styles.TEXT_BOLD : Styles.TEXT_MUTED);
        if (interview == null) {
            headline.setText("No interview date yet. Set one under Settings below: the quiz then plans towards it and this "
                    + "section forecasts your recall on the day.");
            return;
        }
        if (!ahead) {
            headline.setText(interview.daysLeft(now) == 0 ? "Your interview is today. Good luck!"
                    : "Your interview was on " + DAY.format(interview.date()) + ". Set a new date under Settings.");
            return;
        }
        QuizSettings settings = services.settings();
        InterviewPlan p = book.plan(settings.timesBeforeInterview(), zone);
        List<String> ids = services.content().questions().stream().map(q -> q.id()).toList();
        Progress progress = book.progress();
        Forecast.Result f = Forecast.on(book.fsrs(), progress, Forecast.sections(services.content()), interview.date(), interview.moment());
        headline.setText(String.format(Locale.ROOT, "Interview on %s, %s. If you stopped reviewing now you would recall %.0f%% of the %d questions on the day.",
                DAY.format(interview.date()), interview.countdown(now), 100 * f.overall(), ids.size()));
        fillSections(f);
        plan.setText(planText(p, progress, ids, settings, now, zone));
        double[] stop = Forecast.ifStoppedNow(book.fsrs(), progress, ids, interview, now);
        chart.getData().setAll(List.of(series("If you stop reviewing now", stop)));
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.setAutoRanging(false);
        x.setLowerBound(0);
        x.setUpperBound(stop.length - 1);
        x.setTickUnit(Math.max(1, Math.ceil((stop.length - 1) / 12.0)));
        x.setMinorTickVisible(false);
        chartNote.setText("Simulating the plan…");
        simulate(p, progress, ids, now, settings.newPerDay(), generation);
    }

    /** The plan's curve on a background thread; a newer refresh makes the result stale. */
    private void simulate(InterviewPlan p, Progress progress, List<String> ids, Instant now, int newPerDay, long gen) {
        Progress copy = new Progress(progress.cards(), progress.log());
        Thread t = new Thread(() -> {
            double[] curve = PlanSimulation.planCurve(book.fsrs(), copy, ids, p, now, newPerDay, PLAN_RUNS, 17);
            Platform.runLater(() -> {
                if (gen == generation) {
                    chart.getData().add(series("Following the plan", curve));
                    chartNote.setText(String.format(Locale.ROOT, "Following the plan: %.0f%% on the day, the mean of %d simulated futures in which you "
                            + "study each day's queue and recall each card with its FSRS probability.", 100 * curve[curve.length - 1], PLAN_RUNS));
                }
            });
        }, "interview-plan");
        t.setDaemon(true);
        t.start();
    }

    private void fillSections(Forecast.Result f) {
        sections.getChildren().clear();
        int row = 0;
        for (Forecast.SectionRecall s : f.sections()) {
            String title = services.content().sections().stream().filter(x -> x.number() == s.number()).map(Section::title).findFirst().orElse("");
            ProgressBar bar = new ProgressBar(s.recall());
            bar.setId("forecast-bar-" + s.number());
            bar.setPrefWidth(260);
            Label value = new Label(String.format(Locale.ROOT, "%.0f%%", 100 * s.recall()));
            value.setId("forecast-" + s.number());
            sections.addRow(row++, new Label("Section " + s.number() + " · " + title), bar, value);
        }
    }

    /** What the plan does today: new cards a day and the reviews it brings forward. */
    static String planText(InterviewPlan p, Progress progress, List<String> ids, QuizSettings settings, Instant now, ZoneId zone) {
        StudyQueue.Today today = StudyQueue.today(ids, progress, now, settings.newPerDay(), zone, p);
        long unseen = ids.stream().filter(id -> progress.cards().get(id) == null || progress.cards().get(id).isNew()).count();
        List<String> lines = new ArrayList<>();
        if (!today.note().isEmpty()) {
            lines.add("New cards: " + today.note());
        } else if (unseen > 0) {
            lines.add("New cards: your limit of " + settings.newPerDay() + " a day is enough to see the " + unseen
                    + " questions not yet seen " + p.times() + " times before the day.");
        } else {
            lines.add("New cards: every question has been seen.");
        }
        Map<String, Set<LocalDate>> days = StudyQueue.daysStudied(progress, zone);
        LocalDate first = null;
        LocalDate last = null;
        int early = 0;
        for (String id : ids) {
            CardState c = progress.cards().get(id);
            Optional<InterviewPlan.Early> e = c == null ? Optional.empty() : p.early(c, days.getOrDefault(id, Set.of()).size(), now);
            if (e.isPresent()) {
                early++;
                LocalDate from = e.get().from().isBefore(LocalDate.ofInstant(now, zone)) ? LocalDate.ofInstant(now, zone) : e.get().from();
                first = first == null || from.isBefore(first) ? from : first;
                last = last == null || from.isAfter(last) ? from : last;
            }
        }
        String target = String.format(Locale.ROOT, "%.0f%%", 100 * p.target());
        if (early == 0) {
            lines.add("Reviews brought forward: none so far. A card due after the interview comes back early, within "
                    + InterviewPlan.WINDOW_DAYS + " days of it, when its recall on the day would fall below " + target
                    + " or it was seen on fewer than " + p.times() + " days.");
        } else {
            String when = first.equals(last) ? "from " + SHORT.format(first) : "from " + SHORT.format(first) + " to " + SHORT.format(last);
            lines.add("Reviews brought forward: " + early + " card" + (early == 1 ? "" : "s") + " due after the interview come" + (early == 1 ? "s" : "")
                    + " back early, " + when + ", because recall on the day would fall below " + target + " or they were seen on fewer than "
                    + p.times() + " days.");
        }
        return String.join("\n", lines);
    }

    private static XYChart.Series<Number, Number> series(String name, double[] values) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int i = 0; i < values.length; i++) {
            s.getData().add(new XYChart.Data<>(i, 100 * values[i]));
        }
        return s;
    }

    /** The countdown for the stats tile: "12 days", "tomorrow", "today", "passed" or a dash. */
    static String countdown(Optional<LocalDate> date, Instant now, ZoneId zone) {
        if (date.isEmpty()) {
            return "—";
        }
        long d = new Interview(date.get(), zone).daysLeft(now);
        return d > 1 ? d + " days" : d == 1 ? "tomorrow" : d == 0 ? "today" : "passed";
    }
}
