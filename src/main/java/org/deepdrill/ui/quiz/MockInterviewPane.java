package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.quiz.Forecast;
import org.deepdrill.quiz.Interview;
import org.deepdrill.quiz.MockDraw;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.QuizSettings;
import org.deepdrill.quiz.Rating;
import org.deepdrill.ui.AppServices;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A timed mock interview: pick sections and a length, answer questions drawn at random (weighted
 * towards weak ones) against a visible countdown, self-grade each, and get a summary per question
 * and per section with links to the demos. Grades feed the scheduler with source "mock". With an
 * interview date ahead, the sections with the lowest forecast recall on the day come first and are picked.
 * The system property {@code deepdrill.mockSeconds} overrides the length in minutes (for tests).
 */
public final class MockInterviewPane {
    private final AppServices services;
    private final Clock clock;
    private final QuizBook book;
    private final Grader grader;
    private final ContentSet content;
    private final Consumer<String> openQuestion;
    private final BorderPane root = new BorderPane();
    private final Banner errors = new Banner("mock-error", "banner-danger");
    private final Map<Integer, CheckBox> sectionBoxes = new LinkedHashMap<>();
    private final Spinner<Integer> count = new Spinner<>(1, 50, 5);
    private final Spinner<Integer> minutes = new Spinner<>(1, 240, 30);
    private final Label setupError = new Label();
    private final QuestionCard card = new QuestionCard();
    private final Label counter = new Label();
    private final Label timer = new Label();
    private final Button reveal = new Button("Reveal answer  (Space)");
    private final GradeBar grades;
    private final HBox bottom = new HBox(10);
    private Timeline ticker;
    private MockSession session;
    private long deadlineNanos;
    private boolean busy;
    private java.time.LocalDate setupDate;

    public MockInterviewPane(AppServices services, Consumer<String> openQuestion) {
        this(services, openQuestion, Clock.system(ZoneId.systemDefault()));
    }

    public MockInterviewPane(AppServices services, Consumer<String> openQuestion, Clock clock) {
        this.services = services;
        this.clock = clock;
        this.book = services.quizBook();
        this.grader = new Grader(book);
        this.content = services.content();
        this.openQuestion = openQuestion;
        this.grades = new GradeBar(this::grade);
        root.setId("mock-pane");
        root.getStyleClass().add("quiz-pane");
        QuizKeys.install(root, this::space, r -> {
            if (session != null && !session.finished() && card.revealed()) {
                grade(r);
            }
        });
        showSetup();
        root.sceneProperty().addListener((o, a, sc) -> {
            if (sc != null && session == null && !java.util.Objects.equals(setupDate, book.progress().interviewDate().orElse(null))) {
                showSetup(); // the interview date changed in the settings: new forecast, new order
            }
        });
    }

    public Node root() {
        return root;
    }

    // --- setup -----------------------------------------------------------------------------

    private void showSetup() {
        stopTimer();
        session = null;
        setupDate = book.progress().interviewDate().orElse(null);
        QuizSettings settings = services.settings();
        count.getValueFactory().setValue(settings.mockQuestions());
        minutes.getValueFactory().setValue(settings.mockMinutes());
        Label title = new Label("Mock interview");
        title.getStyleClass().add(Styles.TITLE_2);
        Label intro = new Label("Questions are drawn at random from the sections you pick, more often the ones you are "
                + "weakest at. A countdown runs; answer each aloud or in the box, reveal, and grade yourself honestly.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        VBox sections = new VBox(6);
        sectionBoxes.clear();
        Interview interview = interviewAhead();
        Map<Integer, Double> onTheDay = interview == null ? Map.of() : forecast(interview);
        Set<Integer> weak = weakest(onTheDay);
        List<Section> order = new ArrayList<>(content.sections());
        if (interview != null) {
            order.sort(Comparator.comparingDouble(s -> onTheDay.getOrDefault(s.number(), 2.0)));
        }
        for (Section s : order) {
            String day = onTheDay.containsKey(s.number()) ? String.format(Locale.ROOT, " · %.0f%% on the day", 100 * onTheDay.get(s.number())) : "";
            CheckBox b = new CheckBox("Section " + s.number() + " · " + s.title() + "  (" + s.questions().size() + ")" + day);
            b.setId("mock-section-" + s.number());
            b.setSelected(!s.questions().isEmpty() && (interview == null || weak.contains(s.number())));
            b.setDisable(s.questions().isEmpty());
            sectionBoxes.put(s.number(), b);
            sections.getChildren().add(b);
        }
        if (interview != null) {
            Label note = new Label("Your interview is " + interview.countdown(clock.instant()) + ". The sections you would forget most "
                    + "by then come first, and those below the average are picked; questions are drawn by how likely you are to forget them on the day.");
            note.setId("mock-forget-note");
            note.setWrapText(true);
            note.getStyleClass().add(Styles.TEXT_SMALL);
            Button forget = new Button("The sections I would forget");
            forget.setId("mock-forget");
            forget.setOnAction(e -> sectionBoxes.forEach((n, b) -> b.setSelected(!b.isDisable() && weak.contains(n))));
            Button all = new Button("All sections");
            all.setId("mock-all");
            all.setOnAction(e -> sectionBoxes.values().forEach(b -> b.setSelected(!b.isDisable())));
            sections.getChildren().add(0, new VBox(6, note, new HBox(8, forget, all)));
        }
        count.setId("mock-questions");
        count.setEditable(true);
        minutes.setId("mock-minutes");
        minutes.setEditable(true);
        GridPane length = new GridPane();
        length.setHgap(10);
        length.setVgap(8);
        length.addRow(0, new Label("Questions"), count);
        length.addRow(1, new Label("Minutes"), minutes);
        Button start = new Button("Start the interview");
        start.setId("mock-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setDefaultButton(true);
        start.setOnAction(e -> begin());
        setupError.setId("mock-setup-error");
        setupError.getStyleClass().add(Styles.DANGER);
        setupError.setText("");
        VBox form = new VBox(14, title, intro, subhead("Sections"), sections, subhead("Length"), length, start, setupError);
        form.setPadding(new Insets(24, 32, 24, 32));
        form.setMaxWidth(760);
        root.setTop(errors.root());
        root.setCenter(scroll(form));
        root.setBottom(null);
    }

    private void begin() {
        List<String> pool = new ArrayList<>();
        for (Section s : content.sections()) {
            CheckBox b = sectionBoxes.get(s.number());
            if (b != null && b.isSelected()) {
                s.questions().forEach(q -> pool.add(q.id()));
            }
        }
        if (pool.isEmpty()) {
            setupError.setText("Pick at least one section that has questions.");
            return;
        }
        int n = count.getValue();
        Interview interview = interviewAhead();
        java.time.Instant at = interview == null ? clock.instant() : interview.moment();
        List<String> drawn = MockDraw.draw(book.fsrs(), book.progress(), pool, n, at, new Random());
        List<Question> qs = drawn.stream().map(id -> content.question(id).orElseThrow()).toList();
        long seconds = Long.getLong("deepdrill.mockSeconds", minutes.getValue() * 60L);
        session = new MockSession(qs, seconds * 1000, System.currentTimeMillis());
        deadlineNanos = System.nanoTime() + seconds * 1_000_000_000L;
        showRunning();
        ticker = new Timeline(new KeyFrame(Duration.millis(200), e -> tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
        tick();
    }

    // --- running ---------------------------------------------------------------------------

    private void showRunning() {
        counter.setId("mock-counter");
        counter.getStyleClass().add(Styles.TEXT_BOLD);
        timer.setId("mock-timer");
        timer.getStyleClass().setAll("label", "mock-timer");
        Button stop = new Button("End interview");
        stop.setId("mock-end");
        stop.setFocusTraversable(false);
        stop.setOnAction(e -> finish(false));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label keys = new Label("Space reveals · 1–4 grade");
        keys.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(14, counter, keys, spacer, timer, stop);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("quiz-header");
        reveal.setId("mock-reveal");
        reveal.getStyleClass().setAll("button", Styles.ACCENT, "grade-button");
        reveal.setMaxWidth(Double.MAX_VALUE);
        reveal.setFocusTraversable(false);
        reveal.setOnAction(e -> doReveal());
        HBox.setHgrow(reveal, Priority.ALWAYS);
        HBox.setHgrow(grades.root(), Priority.ALWAYS);
        bottom.getStyleClass().setAll("quiz-bottom");
        bottom.setAlignment(Pos.CENTER);
        root.setTop(new VBox(errors.root(), header));
        root.setCenter(card.root());
        root.setBottom(bottom);
        showQuestion();
    }

    private void showQuestion() {
        Question q = session.currentQuestion();
        counter.setText("Question " + (session.current() + 1) + " of " + session.questions().size());
        card.show(q, section(q.section()), null);
        bottom.getChildren().setAll(reveal);
        grades.setDisable(false);
        root.requestFocus();
    }

    private void space() {
        if (session != null && !session.finished() && !card.revealed()) {
            doReveal();
        }
    }

    private void doReveal() {
        if (session == null || session.finished() || card.revealed()) {
            return;
        }
        card.reveal();
        String id = session.currentQuestion().id();
        java.time.Instant now = clock.instant();
        grades.update(book.preview(id, now), now);
        bottom.getChildren().setAll(grades.root());
    }

    private void grade(Rating r) {
        if (busy || session == null || session.finished()) {
            return;
        }
        busy = true;
        grades.setDisable(true);
        String id = session.currentQuestion().id();
        session.grade(r, System.currentTimeMillis());
        grader.grade(id, r, clock.instant(), "mock", s -> {
            busy = false;
            if (session == null) {
                return;
            }
            if (session.finished()) {
                finish(false);
            } else if (ticker != null) {
                showQuestion();
            }
        }, msg -> errors.set(List.of(msg)));
    }

    private void tick() {
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        long s = (left + 999_999_999L) / 1_000_000_000L;
        timer.setText(String.format("%d:%02d left", s / 60, s % 60));
        timer.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("low"), s <= 60);
        if (left == 0) {
            finish(true);
        }
    }

    private void finish(boolean timeUp) {
        if (session == null || ticker == null) {
            return;
        }
        stopTimer();
        if (!session.finished()) {
            session.stop(System.currentTimeMillis());
        }
        MockSummary summary = new MockSummary(session, timeUp, content, openQuestion, this::showSetup);
        root.setTop(errors.root());
        root.setCenter(scroll(summary.root()));
        root.setBottom(null);
    }

    private void stopTimer() {
        if (ticker != null) {
            ticker.stop();
            ticker = null;
        }
    }

    /** The interview if a date is set and still ahead, else null. */
    private Interview interviewAhead() {
        return book.progress().interviewDate().map(d -> new Interview(d, clock.getZone())).filter(i -> i.ahead(clock.instant())).orElse(null);
    }

    private Map<Integer, Double> forecast(Interview interview) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        Forecast.on(book.fsrs(), book.progress(), Forecast.sections(content), interview.date(), interview.moment()).sections()
                .forEach(s -> out.put(s.number(), s.recall()));
        return out;
    }

    /** The sections I would forget: those forecast below the average of the sections, or all if none is. */
    static Set<Integer> weakest(Map<Integer, Double> onTheDay) {
        double mean = onTheDay.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Set<Integer> out = new HashSet<>();
        onTheDay.forEach((n, r) -> {
            if (r < mean - 1e-9) {
                out.add(n);
            }
        });
        return out.isEmpty() ? onTheDay.keySet() : out;
    }

    private Section section(int number) {
        return content.sections().stream().filter(s -> s.number() == number).findFirst().orElse(null);
    }

    private static ScrollPane scroll(Node n) {
        ScrollPane sp = new ScrollPane(n);
        sp.setFitToWidth(true);
        return sp;
    }

    static Label subhead(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("subhead");
        return l;
    }
}
