package org.deepdrill.ui;

import org.deepdrill.ui.bench.Snapshots;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Heatmap;
import org.deepdrill.demo.Table;

/**
 * The live demo beside an answer: a parameter form, Run and Cancel, progress, live charts while
 * it trains, then claims with their verdicts, charts, heatmaps, tables and metrics. "Break it" runs
 * a named wrong world, and the claims it targets come back failed, each with its reason.
 */
public final class DemoPanel {
    private final DemoRegistry registry;
    private final DemoViewModel model;
    private final VBox content = new VBox(12);
    private final ScrollPane root = new ScrollPane(content);
    private final Label title = new Label();
    private final Label description = new Label();
    private final VBox formHolder = new VBox();
    private final Button run = new Button("Run demo");
    private final Button cancel = new Button("Cancel");
    private final MenuButton breakIt = new MenuButton("Break it");
    private java.util.function.Consumer<String> onExplain = heading -> { };
    private final CheckBox quick = new CheckBox("Quick");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Label error = new Label();
    private final VBox claims = new VBox(6);
    private final VBox charts = new VBox(10);
    private final FlowPane heatmaps = new FlowPane(14, 14);
    private final VBox details = new VBox(10);
    private final LiveCharts live = new LiveCharts(charts);
    private final VBox body = new VBox(12);
    private final Label empty = new Label();
    private DemoSpec spec;
    private ParamForm form;
    private java.util.function.Consumer<String> onInspect = name -> { };
    private final javafx.scene.control.Hyperlink inspect = new javafx.scene.control.Hyperlink();
    private boolean dark;
    private double lastShowMillis;

    public DemoPanel(DemoRunner runner, DemoRegistry registry) {
        this.registry = registry;
        this.model = new DemoViewModel(runner);
        model.setSink(new DemoViewModel.LiveSink() {
            @Override
            public void chartDeclared(Chart header) {
                live.declare(header);
            }

            @Override
            public void point(String chartId, String series, double x, double y) {
                live.point(chartId, series, x, y);
            }
        });
        model.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                live.flushAll(); // a cancelled or failed run keeps every point it sent
            }
        });
        title.getStyleClass().add(Styles.TITLE_3);
        title.setWrapText(true);
        description.setWrapText(true);
        description.getStyleClass().add(Styles.TEXT_MUTED);
        run.getStyleClass().add(Styles.ACCENT);
        run.setId("demo-run");
        run.setDefaultButton(false);
        cancel.setId("demo-cancel");
        breakIt.setId("demo-break");
        breakIt.getStyleClass().add(Styles.DANGER);
        breakIt.setTooltip(new Tooltip("Run the popular wrong version, or the demo with its key mechanism taken away"));
        quick.setId("demo-quick");
        quick.setOnAction(e -> {
            if (form != null) {
                form.fill(spec, quick.isSelected());
            }
        });
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        status.setId("demo-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        error.setId("demo-error");
        error.setWrapText(true);
        error.getStyleClass().addAll(Styles.DANGER, "demo-error");
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        claims.setId("claims-box");

        run.disableProperty().bind(model.runningProperty().or(model.unavailableProperty().isNotEmpty()));
        breakIt.disableProperty().bind(model.runningProperty().or(model.unavailableProperty().isNotEmpty()));
        cancel.disableProperty().bind(model.runningProperty().not());
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        status.textProperty().bind(model.statusProperty());
        error.textProperty().bind(model.errorProperty());
        run.setOnAction(e -> start());
        cancel.setOnAction(e -> model.cancel());
        model.resultProperty().addListener((o, a, r) -> {
            if (r != null) {
                showResult(r);
            }
        });

        HBox buttons = new HBox(10, run, breakIt, cancel, quick, progress);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        inspect.setId("demo-inspect");
        inspect.managedProperty().bind(inspect.visibleProperty());
        body.getChildren().addAll(title, description, inspect, formHolder, buttons, status, error,
                section("Claims", claims), charts, heatmaps, details);
        empty.setWrapText(true);
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        content.setPadding(new Insets(16, 18, 24, 18));
        content.getStyleClass().add("demo-panel");
        root.setFitToWidth(true);
        root.setId("demo-panel");
        root.setMinWidth(420);
        showNone("Pick a question to open its live demo.");
    }

    public ScrollPane root() {
        return root;
    }

    /** FX-thread CPU milliseconds spent showing the last result's claims. */
    public double lastShowMillis() {
        return lastShowMillis;
    }

    public DemoViewModel model() {
        return model;
    }

    private static Node section(String name, Node inner) {
        Label l = new Label(name);
        l.getStyleClass().add("subhead");
        return new VBox(6, l, inner);
    }

    void setOnInspect(java.util.function.Consumer<String> c) {
        onInspect = c;
    }

    void showNone(String message) {
        spec = null;
        empty.setText(message);
        content.getChildren().setAll(empty);
    }

    /** Opens the demo with this id, or says plainly that it does not exist yet. */
    /** Called once the engine starts loading. */
    void watchEngine() {
        model.watchEngine();
    }

    void show(String demoId) {
        if (!registry.contains(demoId)) {
            showNone("The live demo '" + demoId + "' for this question is not available in this build yet.");
            return;
        }
        DemoSpec next = registry.get(demoId).spec();
        if (spec != null && spec.id().equals(next.id())) {
            return;
        }
        spec = next;
        title.setText("Live demo · " + spec.title());
        description.setText(spec.description());
        String network = spec.referenceModel();
        inspect.setVisible(!network.isEmpty());
        if (!network.isEmpty()) {
            inspect.setText("Open the model inspector: parameters and MACs per layer of " + network + " and other reference networks");
            inspect.setOnAction(e -> onInspect.accept(network));
        }
        fillBreaks();
        form = new ParamForm(spec);
        TitledPane params = new TitledPane("Parameters", form.root());
        params.setExpanded(!spec.params().isEmpty());
        params.getStyleClass().add(Styles.DENSE);
        formHolder.getChildren().setAll(params);
        quick.setSelected(false);
        clearResults();
        content.getChildren().setAll(body);
        if (!model.unavailableProperty().get().isEmpty()) {
            model.statusProperty().set(model.unavailableProperty().get());
        } else if (!model.runningProperty().get()) {
            model.statusProperty().set("Press Run to train and measure.");
            model.errorProperty().set("");
        }
    }

    private void clearResults() {
        claims.getChildren().setAll(new Label("No run yet."));
        charts.getChildren().clear();
        heatmaps.getChildren().clear();
        details.getChildren().clear();
        live.clear();
    }

    /** Starts the open demo as if Run were pressed (used by --run-demo and tests). */
    public void runNow(boolean quickMode) {
        quick.setSelected(quickMode);
        if (form != null) {
            form.fill(spec, quickMode);
        }
        start();
    }

    private void start() {
        start("");
    }

    /** Runs the open demo, broken by the named break ("" for a normal run). */
    public void start(String breakName) {
        if (spec == null) {
            return;
        }
        clearResults();
        claims.getChildren().setAll(new Label(breakName.isEmpty() ? "Running…" : "Running, broken by " + breakName + "…"));
        model.start(spec.id(), form.values(), quick.isSelected(), breakName);
    }

    private void fillBreaks() {
        breakIt.getItems().clear();
        for (Break<?> b : registry.breaks(spec.id())) {
            MenuItem item = new MenuItem(b.name() + ": " + b.changes());
            item.setId("break-" + b.name());
            item.setOnAction(e -> start(b.name()));
            breakIt.getItems().add(item);
        }
        breakIt.setVisible(!breakIt.getItems().isEmpty());
        breakIt.setManaged(breakIt.isVisible());
    }

    /** Called with an answer heading when the reader asks why a break fails. */
    void setOnExplain(java.util.function.Consumer<String> c) {
        onExplain = c;
    }

    private Break<?> breakOf(DemoResult r) {
        if (!r.broken()) {
            return null;
        }
        return registry.breaks(r.id()).stream().filter(b -> b.name().equals(r.breakName())).findFirst().orElse(null);
    }

    private void showResult(DemoResult r) {
        if (spec == null || !spec.id().equals(r.id())) {
            return;
        }
        long t0 = FrameQueue.cpuNanos();
        claims.getChildren().setAll(ResultView.claims(r.claims(), breakOf(r), onExplain));
        charts.getChildren().clear();
        live.clear();
        heatmaps.getChildren().clear();
        details.getChildren().clear();
        // The rest is built one piece per frame, so a big result never freezes the window.
        java.util.List<Runnable> steps = new java.util.ArrayList<>();
        for (Chart c : r.charts()) {
            ChartView[] view = new ChartView[1];
            steps.add(() -> {
                view[0] = new ChartView(c);
                charts.getChildren().add(view[0].node());
            });
            for (int i = ChartView.maxChunks(c); i > 0; i--) {
                steps.add(() -> view[0].addNextChunk());
            }
        }
        for (Heatmap h : r.heatmaps()) {
            steps.add(() -> heatmaps.getChildren().add(new HeatmapView(h, dark).node()));
        }
        for (Table t : r.tables()) {
            steps.addAll(ResultView.tableSteps(t, details));
        }
        if (!r.metrics().isEmpty()) {
            steps.add(() -> details.getChildren().add(section("Metrics", ResultView.metrics(r.metrics()))));
        }
        if (!r.notes().isEmpty()) {
            steps.add(() -> details.getChildren().add(section("Notes", ResultView.notes(r))));
        }
        lastShowMillis = (FrameQueue.cpuNanos() - t0) / 1e6;
        builder.run(steps, this::snapshotIfAsked);
    }

    private final FrameQueue builder = new FrameQueue();

    /** FX-thread CPU milliseconds of the longest single build step of the last result. */
    public double longestBuildStepMillis() {
        return builder.longestStepMillis();
    }

    private Runnable afterBuild = () -> { };

    /** Called on the FX thread once a result's last piece is on screen (the stall benchmark waits for it). */
    public void onResultBuilt(Runnable r) {
        afterBuild = r;
    }

    private void snapshotIfAsked() {
        afterBuild.run();
        String snap = System.getProperty("deepdrill.snapshotDemo");
        if (snap != null) {
            javafx.application.Platform.runLater(() -> {
                try {
                    Snapshots.write(content, java.nio.file.Path.of(snap));
                } catch (java.io.IOException e) {
                    System.err.println("snapshot failed: " + e.getMessage());
                }
            });
        }
    }

    void setDark(boolean on) {
        dark = on;
        DemoResult r = model.resultProperty().get();
        if (r != null) {
            showResult(r);
        }
    }
}
