package org.deepdrill.ui;

import org.deepdrill.ui.bench.StartupProbe;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;

/**
 * The main window: a search field and a navigation tree of sections and questions on the left, the
 * answer and its live demo side by side, and a status bar. Heavy parts (WebView, the DJL engine) start after the
 * first frame so the first question appears quickly.
 */
public final class MainWindow {
    private final AppServices services;
    private final BorderPane root = new BorderPane();
    private final NavigationTree nav;
    private final SearchBox search;
    private final QuestionView questionView;
    private final DemoPanel demoPanel;
    private final StatusBar status;
    private final SplitPane split = new SplitPane();
    private final BorderPane studyPane = new BorderPane();
    private final javafx.scene.layout.StackPane center = new javafx.scene.layout.StackPane();
    private final javafx.scene.control.ToggleGroup modes = new javafx.scene.control.ToggleGroup();
    private final HBox modeButtons = new HBox(2);
    private boolean dark;
    private ToggleButton theme;

    public MainWindow(AppServices services) {
        this.services = services;
        this.nav = new NavigationTree(services.content());
        this.search = new SearchBox(services.content(), this::quizState);
        this.questionView = new QuestionView();
        this.demoPanel = new DemoPanel(services.runner(), services.registry());
        this.status = new StatusBar(services);
        split.setOrientation(Orientation.HORIZONTAL);
        split.getItems().addAll(questionView.root(), demoPanel.root());
        split.setDividerPositions(0.47);
        studyPane.setLeft(leftPane());
        studyPane.setCenter(split);
        center.getChildren().add(studyPane);
        addMode("Study", () -> studyPane);
        addMode("Quiz", () -> new org.deepdrill.ui.quiz.QuizPane(services).root());
        addMode("Mock interview", () -> new org.deepdrill.ui.quiz.MockInterviewPane(services, this::openQuestion).root());
        addMode("Stats", () -> new org.deepdrill.ui.quiz.StatsPane(services).root());
        addMode("Models", () -> models().root());
        demoPanel.setOnInspect(this::openModel);
        demoPanel.setOnExplain(questionView::scrollToHeading);
        root.setTop(toolbar());
        root.setCenter(center);
        root.setBottom(status.root());
        nav.onQuestion(this::open);
        nav.onSection(this::openSection);
        questionView.onOpenDemo(() -> demoPanel.root().requestFocus());
        search.onOpen(hit -> openQuestion(hit.id()));
        search.onMatches(questionView::find);
        search.onClose(nav::focusTree);
        search.beforeIndex(this::warmQuizBook);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (FIND_K.match(e) || FIND_F.match(e)) {
                openSearch();
                e.consume();
            }
        });
    }

    private static final KeyCombination FIND_K = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND_F = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    /** The search field above the tree; while there is a query its results take the tree's place. */
    private VBox leftPane() {
        StackPane below = new StackPane(nav.root(), search.pane());
        VBox.setVgrow(below, Priority.ALWAYS);
        nav.root().visibleProperty().bind(search.pane().visibleProperty().not());
        VBox left = new VBox(8, search.field(), below);
        left.getStyleClass().add("nav-pane");
        left.setPrefWidth(330);
        return left;
    }

    /** Ctrl+K or Ctrl+F: the study view with the keyboard in the search field. */
    public void openSearch() {
        showStudy();
        search.focus();
    }

    public SearchBox search() {
        return search;
    }

    private String quizState(String questionId) {
        try {
            return QuizStates.of(services.quizBook(), questionId, java.time.Instant.now());
        } catch (RuntimeException e) {
            return ""; // progress that cannot be read shows no state rather than no results
        }
    }

    private void warmQuizBook() {
        try {
            services.quizBook();
        } catch (RuntimeException ignored) {
            // the results then show no quiz state; the quiz view reports the problem itself
        }
    }

    public Parent root() {
        return root;
    }

    public NavigationTree navigation() {
        return nav;
    }

    public DemoPanel demoPanel() {
        return demoPanel;
    }

    public QuestionView questionView() {
        return questionView;
    }

    private ToolBar toolbar() {
        Label title = new Label("DeepDrill");
        title.getStyleClass().addAll(Styles.TITLE_4, "app-title");
        Label subtitle = new Label("deep-learning interview drills with live demos");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        theme = new ToggleButton("Dark theme");
        theme.setId("theme-toggle");
        theme.setOnAction(e -> setDark(theme.isSelected()));
        return new ToolBar(title, subtitle, spacer, modeButtons, theme);
    }

    /**
     * Adds a top-level mode (Study, Quiz, Mock interview, Stats…) as a toggle in the tool bar.
     * The node is built the first time the mode is chosen and kept afterwards.
     */
    public void addMode(String name, java.util.function.Supplier<javafx.scene.Node> view) {
        ToggleButton b = new ToggleButton(name);
        b.setId("mode-" + name.toLowerCase().replace(' ', '-'));
        b.setToggleGroup(modes);
        javafx.scene.Node[] built = new javafx.scene.Node[1];
        b.setOnAction(e -> {
            if (!b.isSelected()) {
                b.setSelected(true);
                return;
            }
            if (built[0] == null) {
                built[0] = view.get();
            }
            center.getChildren().setAll(built[0]);
        });
        modeButtons.getChildren().add(b);
        if (modes.getSelectedToggle() == null) {
            b.setSelected(true);
        }
    }

    private ModelsPane modelsPane;

    private ModelsPane models() {
        if (modelsPane == null) {
            modelsPane = new ModelsPane(services.runner());
        }
        return modelsPane;
    }

    /** Switches to the model inspector with this network shown. */
    public void openModel(String name) {
        modes.getToggles().stream().map(t -> (ToggleButton) t).filter(t -> t.getText().equals("Models")).findFirst()
                .ifPresent(t -> {
                    t.setSelected(true);
                    t.fire();
                    t.setSelected(true);
                });
        models().show(name);
    }

    /** Shows the study view with this question open (used by the quiz and mock summary links). */
    public void openQuestion(String id) {
        showDeferredDemo(); // navigating ends start-up: the demo form is wanted now
        showStudy();
        nav.select(id);
    }

    private void showStudy() {
        modes.getToggles().stream().filter(t -> ((ToggleButton) t).getText().equals("Study")).findFirst()
                .ifPresent(t -> ((ToggleButton) t).fire());
        center.getChildren().setAll(studyPane);
        modes.selectToggle(modes.getToggles().get(0));
    }

    public AppServices services() {
        return services;
    }

    void setDark(boolean on) {
        dark = on;
        theme.setSelected(on);
        Application.setUserAgentStylesheet(on ? new PrimerDark().getUserAgentStylesheetBSS() : new PrimerLight().getUserAgentStylesheetBSS());
        questionView.setDark(on);
        demoPanel.setDark(on);
    }

    /** Shows the first question natively, then warms the WebView and the engine in the background. */
    void showFirstQuestion(StartupProbe probe, String openId, boolean runDemo) {
        deferDemo = !runDemo; // a demo run at start needs its form at once
        // The search index is built once the first answer is fully on screen, so that it takes
        // nothing from start-up; typing a query before then starts it at once.
        // On two cores the engine's native start-up and the chart classes would compete with the
        // WebView for the CPU, so they wait for the answer (or 4 s, if the page never reports).
        java.util.concurrent.atomic.AtomicBoolean background = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable startBackground = () -> {
            if (background.compareAndSet(false, true)) {
                status.watchEngine();
                demoPanel.watchEngine();
                ChartView.preloadClasses();
            }
        };
        questionView.onAnswerRendered(() -> {
            probe.answerRendered();
            afterNextFrame(this::showDeferredDemo);
            startBackground.run();
            search.startIndexing();
        });
        Question first = services.content().questions().stream()
                .filter(q -> openId == null || q.id().equals(openId)).findFirst()
                .or(() -> services.content().questions().stream().findFirst()).orElse(null);
        if (first != null) {
            nav.select(first.id());
            if (runDemo) {
                Platform.runLater(() -> demoPanel.runNow(true));
            }
        } else if (!services.content().sections().isEmpty()) {
            openSection(services.content().sections().get(0));
        }
        // The WebView starts once the first frame is on screen, and the demo form (a few hundred
        // ms of the FX thread) once the answer has been painted: the answer is what is read first.
        probe.questionShown(() -> {
            Platform.runLater(questionView::startWebView);
            javafx.animation.PauseTransition fallback = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
            fallback.setOnFinished(e -> {
                startBackground.run();
                showDeferredDemo();
            });
            fallback.play();
        });
    }

    private void showDeferredDemo() {
        if (!deferDemo) {
            return;
        }
        deferDemo = false;
        if (pendingDemo != null) {
            demoPanel.show(pendingDemo);
            pendingDemo = null;
        }
    }

    /** Runs {@code r} once the next frame has been painted. */
    private static void afterNextFrame(Runnable r) {
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames == 2) {
                    stop();
                    r.run();
                }
            }
        }.start();
    }

    void open(Question q) {
        Section s = services.content().sections().stream().filter(x -> x.number() == q.section()).findFirst().orElse(null);
        questionView.show(q, s, services.content().folderOf(q.id()).orElse(null));
        if (deferDemo) {
            pendingDemo = q.demo();
        } else {
            demoPanel.show(q.demo());
        }
    }

    /** True until the first answer is painted (or 4 s have passed): the demo form is built after it. */
    private boolean deferDemo;
    private String pendingDemo;

    void openSection(Section s) {
        questionView.showSection(s);
        demoPanel.showNone(s.questions().isEmpty()
                ? "This section has no questions yet."
                : "Pick a question of this section to open its live demo.");
    }

    boolean isDark() {
        return dark;
    }
}
