package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.deepdrill.content.MarkdownRenderer;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.quiz.AnkiExport;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Stats;
import org.deepdrill.ui.AppServices;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learner's figures: cards due today and in the next 7 days, true retention from the log,
 * the interview countdown and forecast, mastery per section, a heatmap of reviews per day, the Anki export and the settings.
 * Everything is recomputed each time the view is shown.
 */
public final class StatsPane {
    static final int HEATMAP_WEEKS = 26;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d", Locale.ENGLISH);

    private final AppServices services;
    private final Clock clock;
    private final QuizBook book;
    private final ScrollPane root = new ScrollPane();
    private final Banner messages = new Banner("stats-banner", "banner-warning");
    private final Label dueToday = figure("stats-due-today");
    private final Label dueWeek = figure("stats-due-week");
    private final Label retention = figure("stats-retention");
    private final Label reviews = figure("stats-reviews");
    private final Label studied = figure("stats-studied");
    private final Label countdown = figure("stats-countdown");
    private final BarChart<String, Number> dueChart = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final GridPane mastery = new GridPane();
    private final ReviewHeatmap heatmap = new ReviewHeatmap(HEATMAP_WEEKS);
    private final Label heatmapTotal = new Label();
    private final Label exportStatus = new Label();
    private final SettingsForm settings;
    private final InterviewView interview;

    public StatsPane(AppServices services) {
        this(services, Clock.system(ZoneId.systemDefault()));
    }

    public StatsPane(AppServices services, Clock clock) {
        this.services = services;
        this.clock = clock;
        this.book = services.quizBook();
        this.settings = new SettingsForm(services, clock, this::refresh);
        this.interview = new InterviewView(services);
        messages.set(book.messages());
        dueChart.setId("stats-due-chart");
        dueChart.setTitle("Cards due today and in the next 7 days");
        dueChart.setLegendVisible(false);
        dueChart.setAnimated(false);
        dueChart.setPrefHeight(260);
        dueChart.setMinHeight(220);
        dueChart.setBarGap(2);
        dueChart.setCategoryGap(14);
        ((NumberAxis) dueChart.getYAxis()).setMinorTickVisible(false);
        dueChart.getYAxis().setLabel("cards");
        mastery.setId("stats-mastery");
        mastery.setHgap(12);
        mastery.setVgap(8);
        heatmapTotal.setId("stats-heatmap-total");
        heatmapTotal.getStyleClass().add(Styles.TEXT_MUTED);

        VBox body = new VBox(16);
        body.setPadding(new Insets(18, 28, 24, 28));
        body.getChildren().addAll(messages.root(), title("Your progress"), figures(), dueChart,
                title("Interview day"), interview.root(), title("Mastery per section"), caption("Predicted recall 30 days from now, averaged over the section; questions never studied count as 0."),
                mastery, title("Reviews per day (last 26 weeks)"), heatmap.canvas(), heatmapTotal,
                title("Export"), exportRow(), title("Settings"), settings.root(),
                title("Question packs"), new PacksForm(services).root());
        root.setContent(body);
        root.setFitToWidth(true);
        root.setId("stats-pane");
        root.sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                refresh();
            }
        });
        refresh();
    }

    public Node root() {
        return root;
    }

    /** Recomputes every figure from the progress in memory. */
    void refresh() {
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        Progress p = book.progress();
        int[] due = Stats.dueByDay(p, now, 8, zone);
        int week = 0;
        for (int i = 1; i < due.length; i++) {
            week += due[i];
        }
        dueToday.setText(Integer.toString(due[0]));
        dueWeek.setText(Integer.toString(week));
        double r = Stats.trueRetention(p);
        retention.setText(Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * r));
        reviews.setText(Integer.toString(p.log().size()));
        studied.setText(Long.toString(p.cards().values().stream().filter(c -> !c.isNew()).count()));
        countdown.setText(InterviewView.countdown(p.interviewDate(), now, zone));
        interview.refresh(now, zone);

        XYChart.Series<String, Number> series = new XYChart.Series<>();
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (int i = 0; i < due.length; i++) {
            series.getData().add(new XYChart.Data<>(i == 0 ? "Today" : DAY.format(today.plusDays(i)), due[i]));
        }
        dueChart.getData().setAll(List.of(series));
        int max = java.util.Arrays.stream(due).max().orElse(0);
        NumberAxis y = (NumberAxis) dueChart.getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(0);
        y.setTickUnit(Math.max(1, Math.ceil(max / 8.0)));
        y.setUpperBound(Math.max(1, max + y.getTickUnit() - max % y.getTickUnit()));

        mastery.getChildren().clear();
        int row = 0;
        for (Section s : services.content().sections()) {
            if (s.questions().isEmpty()) {
                continue;
            }
            List<String> ids = s.questions().stream().map(Question::id).toList();
            double m = Stats.mastery(book.fsrs(), p, ids, now);
            ProgressBar bar = new ProgressBar(m);
            bar.setId("mastery-bar-" + s.number());
            bar.setPrefWidth(260);
            Label value = new Label(String.format(Locale.ROOT, "%.0f%%", 100 * m));
            value.setId("mastery-" + s.number());
            mastery.addRow(row++, new Label("Section " + s.number() + " · " + s.title()), bar, value);
        }

        Map<LocalDate, Integer> perDay = Stats.reviewsByDay(p, zone);
        heatmap.draw(perDay, today, AnswerWeb.isDark());
        LocalDate first = ReviewHeatmap.firstDay(today, HEATMAP_WEEKS);
        int inRange = perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(first) && !e.getKey().isAfter(today))
                .mapToInt(Map.Entry::getValue).sum();
        long activeDays = perDay.keySet().stream().filter(d -> !d.isBefore(first) && !d.isAfter(today)).count();
        heatmapTotal.setText(inRange + " reviews on " + activeDays + " days since " + first + ".");
    }

    private Node figures() {
        FlowPane f = new FlowPane(12, 12, tile("Due today", dueToday), tile("Due in the next 7 days", dueWeek),
                tile("True retention", retention), tile("Reviews logged", reviews), tile("Cards studied", studied),
                tile("Until the interview", countdown));
        f.setId("stats-figures");
        return f;
    }

    private Node exportRow() {
        Button export = new Button("Export to Anki…");
        export.setId("stats-export");
        export.setOnAction(e -> chooseExportFile());
        exportStatus.setId("stats-export-status");
        exportStatus.setWrapText(true);
        Label note = caption("A tab-separated file for Anki's File → Import: question on the front, answer and key points on the back. Your review history is not included.");
        HBox row = new HBox(12, export, exportStatus);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, note, row);
    }

    private void chooseExportFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the deck for Anki");
        fc.setInitialFileName("deepdrill-anki.tsv");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Tab-separated text", "*.tsv", "*.txt"));
        File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            exportTo(f.toPath());
        }
    }

    /** Writes the deck (no history) as Anki TSV, as {@code deepdrill quiz export} does. */
    void exportTo(Path file) {
        try {
            List<AnkiExport.Note> notes = services.content().questions().stream().map(q -> new AnkiExport.Note("deepdrill-" + q.id(),
                    q.title(), MarkdownRenderer.toHtml(q.answer()), q.keyPoints(), "deepdrill::section" + q.section())).toList();
            Files.writeString(file, AnkiExport.tsv("DeepDrill", notes), StandardCharsets.UTF_8);
            exportStatus.getStyleClass().setAll("label", Styles.SUCCESS);
            exportStatus.setText("Wrote " + notes.size() + " notes to " + file + ".");
        } catch (IOException | RuntimeException e) {
            exportStatus.getStyleClass().setAll("label", Styles.DANGER);
            exportStatus.setText("Export failed: " + e.getMessage());
        }
    }

    private static VBox tile(String name, Label value) {
        Label n = new Label(name);
        n.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(2, value, n);
        box.getStyleClass().add("stat-tile");
        box.setMinWidth(150);
        return box;
    }

    private static Label figure(String id) {
        Label l = new Label("—");
        l.setId(id);
        l.getStyleClass().add("stat-figure");
        return l;
    }

    private static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add(Styles.TITLE_4);
        return l;
    }

    private static Label caption(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }
}
