package org.deepdrill.ui.quiz;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.InterviewPlan;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Rating;
import org.deepdrill.quiz.StudyQueue;
import org.deepdrill.ui.AppServices;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Today's study session: due cards first, then new ones up to the daily limit. Each card is
 * answered in the head (or in the text box), revealed with Space and graded 1–4; a wrong
 * auto-graded check grades it Again. Every grade is saved before the next card appears. With an
 * interview date the header shows the countdown, the plan may raise the new-card limit (and says
 * so) and cards it brings forward are tagged Early with the reason.
 */
public final class QuizPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private final AppServices services;
    private final Clock clock;
    private final QuizBook book;
    private final Grader grader;
    private final ContentSet content;
    private final BorderPane root = new BorderPane();
    private final Banner messages = new Banner("quiz-banner", "banner-warning");
    private final Banner errors = new Banner("quiz-error", "banner-danger");
    private final Label counter = new Label();
    private final Label kind = new Label();
    private final PlanLabels planLabels = new PlanLabels();
    private final ProgressBar progress = new ProgressBar(0);
    private final QuestionCard card = new QuestionCard();
    private final Button reveal = new Button("Reveal answer  (Space)");
    private final Button next = new Button("Next card  (Space)");
    private final Label checkNote = new Label();
    private final GradeBar grades;
    private final HBox bottom = new HBox(10);
    private final VBox end = new VBox(12);
    private final StackPane center = new StackPane();
    private final javafx.animation.Timeline endPoll = new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(javafx.util.Duration.seconds(15), e -> pollWhileEnded()));
    private List<String> queue = List.of();
    private StudyQueue.Today today = new StudyQueue.Today(List.of(), 0, "");
    private int index;
    private int reviewedThisSession;
    private boolean busy;
    private boolean gradedByCheck;

    public QuizPane(AppServices services) {
        this(services, Clock.system(ZoneId.systemDefault()));
    }

    public QuizPane(AppServices services, Clock clock) {
        this.services = services;
        this.clock = clock;
        this.book = services.quizBook();
        this.grader = new Grader(book);
        this.content = services.content();
        this.grades = new GradeBar(r -> grade(r, "self"));
        messages.set(book.messages());
        root.setId("quiz-pane");
        root.getStyleClass().add("quiz-pane");
        root.setTop(new VBox(messages.root(), errors.root(), header(), planLabels.notes()));
        center.getChildren().addAll(card.root(), end);
        root.setCenter(center);
        root.setBottom(bottomBar());
        end.setId("quiz-end");
        end.setAlignment(Pos.CENTER);
        end.setPadding(new Insets(40));
        end.getStyleClass().add("quiz-end");
        QuizKeys.install(root, this::space, this::gradeKey);
        endPoll.setCycleCount(javafx.animation.Animation.INDEFINITE);
        root.sceneProperty().addListener((o, a, s) -> {
            if (s == null) {
                endPoll.stop();
            } else if (end.isVisible()) {
                start();
            } else {
                refreshQueue();
            }
        });
        start();
    }

    public Node root() {
        return root;
    }

    QuestionCard card() {
        return card;
    }

    private Node header() {
        counter.setId("quiz-counter");
        counter.getStyleClass().add(Styles.TEXT_BOLD);
        kind.setId("quiz-kind");
        kind.getStyleClass().add("quiz-tag");
        kind.visibleProperty().bind(kind.textProperty().isNotEmpty());
        progress.setPrefWidth(220);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label keys = new Label("Space reveals · 1 Again · 2 Hard · 3 Good · 4 Easy");
        keys.getStyleClass().add(Styles.TEXT_MUTED);
        HBox h = new HBox(12, counter, kind, progress, spacer, planLabels.countdown(), keys);
        h.setAlignment(Pos.CENTER_LEFT);
        h.getStyleClass().add("quiz-header");
        return h;
    }

    private Node bottomBar() {
        reveal.setId("quiz-reveal");
        reveal.getStyleClass().addAll(Styles.ACCENT, "grade-button");
        reveal.setMaxWidth(Double.MAX_VALUE);
        reveal.setFocusTraversable(false);
        reveal.setOnAction(e -> doReveal());
        next.setId("quiz-next");
        next.getStyleClass().addAll(Styles.ACCENT, "grade-button");
        next.setFocusTraversable(false);
        next.setOnAction(e -> advance());
        checkNote.setId("quiz-check-note");
        checkNote.setWrapText(true);
        HBox.setHgrow(reveal, Priority.ALWAYS);
        HBox.setHgrow(grades.root(), Priority.ALWAYS);
        HBox.setHgrow(checkNote, Priority.ALWAYS);
        bottom.getStyleClass().add("quiz-bottom");
        bottom.setAlignment(Pos.CENTER);
        return bottom;
    }

    /** Builds the queue afresh (the settings may have changed) and shows its first card. */
    void start() {
        Instant now = clock.instant();
        today = todaysQueue(now);
        queue = today.ids();
        index = 0;
        planLabels.show(plan(), today.note(), now);
        showCurrent();
    }

    /**
     * Back on the quiz, the date or the settings may have changed: the queue is built again with
     * the card on screen (and what was typed for it) kept first. A revealed card is left as it is.
     */
    private void refreshQueue() {
        if (busy || gradedByCheck || card.revealed() || index >= queue.size()) {
            return;
        }
        String current = queue.get(index);
        Instant now = clock.instant();
        StudyQueue.Today fresh = todaysQueue(now);
        List<StudyQueue.Entry> entries = new java.util.ArrayList<>(fresh.entries());
        StudyQueue.Entry kept = entries.stream().filter(e -> e.id().equals(current)).findFirst().orElse(null);
        if (kept == null) {
            start();
            return;
        }
        entries.remove(kept);
        entries.add(0, kept);
        today = new StudyQueue.Today(entries, fresh.newLimit(), fresh.note());
        queue = today.ids();
        index = 0;
        planLabels.show(plan(), today.note(), now);
        showLabels();
    }

    private StudyQueue.Today todaysQueue(Instant now) {
        List<String> ids = content.questions().stream().map(Question::id).toList();
        return StudyQueue.today(ids, book.progress(), now, services.settings().newPerDay(), clock.getZone(), plan());
    }

    private InterviewPlan plan() {
        return book.plan(services.settings().timesBeforeInterview(), clock.getZone());
    }

    private void showCurrent() {
        if (index >= queue.size()) {
            showEnd();
            return;
        }
        Question q = content.question(queue.get(index)).orElseThrow();
        showLabels();
        gradedByCheck = false;
        endPoll.stop();
        card.show(q, section(q), this::checkAnswered);
        card.root().setVisible(true);
        end.setVisible(false);
        bottom.getChildren().setAll(reveal);
        bottom.setVisible(true);
        bottom.setManaged(true);
        reveal.setDisable(false);
        grades.setDisable(false);
        Platform.runLater(root::requestFocus);
    }

    /** The counter, the card's kind and, for a card the plan brought forward, why. */
    private void showLabels() {
        String id = queue.get(index);
        CardState c = book.progress().cards().get(id);
        counter.setText("Card " + (index + 1) + " of " + queue.size());
        StudyQueue.Entry entry = today.entries().get(index);
        kind.setText(entry.kind() == StudyQueue.Kind.EARLY ? "Early" : c == null || c.isNew() ? "New"
                : c.phase() == CardState.Phase.REVIEW ? "Review" : "Learning");
        planLabels.why(entry.why());
        progress.setProgress((double) index / queue.size());
    }

    private void space() {
        if (busy || end.isVisible()) {
            return;
        }
        if (gradedByCheck) {
            advance();
        } else if (!card.revealed()) {
            doReveal();
        }
    }

    private void gradeKey(Rating r) {
        if (card.revealed() && !gradedByCheck && !end.isVisible()) {
            grade(r, "self");
        }
    }

    private void doReveal() {
        if (end.isVisible() || card.revealed()) {
            return;
        }
        card.reveal();
        if (gradedByCheck) {
            return;
        }
        Instant now = clock.instant();
        grades.update(book.preview(queue.get(index), now), now);
        bottom.getChildren().setAll(grades.root());
    }

    /** A wrong check grades the card Again at once; the answer is then shown and the learner moves on. */
    private void checkAnswered(boolean right) {
        if (right || gradedByCheck || busy) {
            return;
        }
        gradedByCheck = true;
        busy = true;
        card.reveal();
        checkNote.setText("A check was answered wrongly, so this card is graded Again. Read the answer, then go on.");
        next.setDisable(true);
        bottom.getChildren().setAll(checkNote, next);
        grader.grade(queue.get(index), Rating.AGAIN, clock.instant(), "check", s -> {
            busy = false;
            reviewedThisSession++;
            next.setDisable(false);
            checkNote.setText("Graded Again by the check: due again in " + QuizBook.interval(clock.instant(), s.due())
                    + ". Read the answer, then go on.");
        }, this::showError);
    }

    private void grade(Rating r, String source) {
        if (busy || index >= queue.size()) {
            return;
        }
        busy = true;
        grades.setDisable(true);
        grader.grade(queue.get(index), r, clock.instant(), source, s -> {
            busy = false;
            reviewedThisSession++;
            advance();
        }, this::showError);
    }

    private void advance() {
        if (busy) {
            return;
        }
        index++;
        if (index >= queue.size()) {
            start();
        } else {
            showCurrent();
        }
    }

    private void showError(String msg) {
        errors.set(List.of(msg));
    }

    private void showEnd() {
        card.root().setVisible(false);
        end.setVisible(true);
        bottom.getChildren().clear();
        bottom.setVisible(false);
        bottom.setManaged(false);
        counter.setText(reviewedThisSession == 0 ? "No cards left today" : "Session done: " + reviewedThisSession + " reviewed");
        kind.setText("");
        planLabels.why("");
        progress.setProgress(1);
        Instant now = clock.instant();
        Label big = new Label("Nothing due.");
        big.getStyleClass().add(Styles.TITLE_2);
        big.setId("quiz-end-title");
        Label when = new Label(nextDueText(now));
        when.setId("quiz-next-due");
        when.setWrapText(true);
        Label fresh = new Label(newCardsText());
        fresh.getStyleClass().add(Styles.TEXT_MUTED);
        fresh.setWrapText(true);
        Button again = new Button("Check again");
        again.setId("quiz-refresh");
        again.setOnAction(e -> start());
        end.getChildren().setAll(big, when, fresh, again);
        endPoll.play();
    }

    /** On the end screen, a learning card that falls due (1 or 10 minutes later) comes back by itself. */
    private void pollWhileEnded() {
        if (!end.isVisible() || root.getScene() == null) {
            endPoll.stop();
            return;
        }
        if (!todaysQueue(clock.instant()).entries().isEmpty()) {
            start();
        }
    }

    /** When the next studied card of this content falls due. */
    String nextDueText(Instant now) {
        List<String> ids = content.questions().stream().map(Question::id).toList();
        Instant next = book.progress().cards().values().stream().filter(c -> !c.isNew() && ids.contains(c.cardId()))
                .map(CardState::due).filter(d -> d.isAfter(now)).min(Instant::compareTo).orElse(null);
        if (next == null) {
            return "No studied card is scheduled yet.";
        }
        return "Next card due in " + QuizBook.interval(now, next) + " (" + WHEN.format(next.atZone(clock.getZone())) + ").";
    }

    private String newCardsText() {
        long unseen = content.questions().stream().filter(q -> {
            CardState c = book.progress().cards().get(q.id());
            return c == null || c.isNew();
        }).count();
        if (unseen == 0) {
            return "Every question has been studied at least once.";
        }
        int limit = today.newLimit();
        return unseen + " new question" + (unseen == 1 ? "" : "s") + " left; the limit is " + limit + " new card"
                + (limit == 1 ? "" : "s") + " a day" + (limit > services.settings().newPerDay() ? ", raised by your interview plan." : " (change it in Stats → Settings).");
    }

    private Section section(Question q) {
        return content.sections().stream().filter(s -> s.number() == q.section()).findFirst().orElse(null);
    }
}
