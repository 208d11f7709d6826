package org.deepdrill.ui;

import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.deepdrill.ui.bench.StartupProbe;
import org.deepdrill.content.ContentSet;
import org.deepdrill.search.BadQueryException;
import org.deepdrill.search.PageMatches;
import org.deepdrill.search.SearchHit;
import org.deepdrill.search.SearchIndex;
import org.deepdrill.search.SearchResults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one search field: ranked results as you type, Enter opens the best (or the selected) hit,
 * Up and Down move through the results, Escape goes back to the tree. The index is built and
 * every query runs on a background thread; the FX thread only shows what comes back. Only the
 * field exists at start-up: the results list and its style sheet come with the first query.
 */
final class SearchBox {
    static final int LIMIT = 30;

    private final ContentSet content;
    private final Function<String, String> quizState;
    private final TextField field = new TextField();
    private ListView<SearchHit> results;
    private final Label status = new Label();
    private final VBox pane = new VBox(6, status);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "search");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** Only the answer to the latest query is shown. */
    private final AtomicLong latest = new AtomicLong();
    private CompletableFuture<SearchIndex> index;
    private Consumer<SearchHit> onOpen = h -> { };
    private Consumer<PageMatches> onMatches = m -> { };
    private Runnable onClose = () -> { };
    private Runnable beforeIndex = () -> { };

    /** {@code quizState}: a question id to its quiz state (new, due, learning, mastered); read on the FX thread. */
    SearchBox(ContentSet content, Function<String, String> quizState) {
        this.content = content;
        this.quizState = quizState;
        field.setId("search-field");
        field.setPromptText("Search every answer  (Ctrl+K)");
        status.setId("search-status");
        status.getStyleClass().add("search-status");
        status.setWrapText(true);
        pane.setVisible(false);
        pane.getStyleClass().add("search-pane");
        field.textProperty().addListener((o, a, b) -> query(b));
        field.addEventFilter(KeyEvent.KEY_PRESSED, this::fieldKey);
    }

    /** The results list, made on first use. */
    ListView<SearchHit> results() {
        if (results == null) {
            results = new ListView<>();
            results.setId("search-results");
            results.getStyleClass().add("search-results");
            results.setCellFactory(l -> new SearchResultCell(quizState));
            results.setPlaceholder(new Label(""));
            VBox.setVgrow(results, Priority.ALWAYS);
            results.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ENTER) {
                    open(results.getSelectionModel().getSelectedItem());
                    e.consume();
                } else if (e.getCode() == KeyCode.ESCAPE) {
                    close();
                    e.consume();
                }
            });
            results.setOnMouseClicked(e -> open(results.getSelectionModel().getSelectedItem()));
            pane.getStylesheets().add(SearchBox.class.getResource("search.css").toExternalForm());
            pane.getChildren().add(results);
        }
        return results;
    }

    TextField field() {
        return field;
    }

    /** The results and their status line; shown in place of the tree while there is a query. */
    VBox pane() {
        return pane;
    }

    Label status() {
        return status;
    }

    void onOpen(Consumer<SearchHit> c) {
        onOpen = c;
    }

    /** Receives, on the FX thread, the words to mark on the page of an opened hit. */
    void onMatches(Consumer<PageMatches> c) {
        onMatches = c;
    }

    void onClose(Runnable r) {
        onClose = r;
    }

    /** Runs on the index thread before the build: a place to warm what the results read (quiz progress). */
    void beforeIndex(Runnable r) {
        beforeIndex = r;
    }

    void focus() {
        field.requestFocus();
        field.selectAll();
    }

    /** Starts building the index in the background, once; later calls do nothing. */
    synchronized CompletableFuture<SearchIndex> startIndexing() {
        if (index == null) {
            index = CompletableFuture.supplyAsync(() -> {
                beforeIndex.run();
                long t0 = System.nanoTime();
                SearchIndex built = SearchIndex.build(content);
                StartupProbe.mark("search index of " + built.size() + " questions built in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms (worker)");
                return built;
            }, worker);
            index.whenComplete((i, e) -> Platform.runLater(() -> query(field.getText())));
        }
        return index;
    }

    private void query(String text) {
        long id = latest.incrementAndGet();
        boolean active = text != null && !text.isBlank();
        pane.setVisible(active);
        if (!active) {
            if (results != null) {
                results.getItems().clear();
            }
            return;
        }
        results();
        CompletableFuture<SearchIndex> idx = startIndexing();
        if (!idx.isDone()) {
            show(id, "Indexing " + content.questions().size() + " questions…", false);
            return;
        }
        if (idx.isCompletedExceptionally()) {
            show(id, "Search is not available: the index could not be built.", true);
            return;
        }
        SearchIndex index = idx.join();
        worker.execute(() -> {
            if (id != latest.get()) {
                return; // a newer query is on its way
            }
            try {
                SearchResults r = index.search(text, LIMIT, true);
                Platform.runLater(() -> show(id, r));
            } catch (BadQueryException e) {
                show(id, e.getMessage(), true);
            } catch (RuntimeException e) {
                show(id, "Search failed: " + e.getMessage(), true);
            }
        });
    }

    private void show(long id, SearchResults r) {
        if (id != latest.get()) {
            return;
        }
        status.getStyleClass().remove("search-error");
        status.setText(r.isEmpty() ? "No answer matches \u201c" + r.query() + "\u201d."
                : r.total() + (r.total() == 1 ? " answer matches" : " answers match")
                + (r.total() > r.hits().size() ? "; the best " + r.hits().size() + " are listed." : ". Enter opens the first."));
        results().getItems().setAll(r.hits());
        if (!r.isEmpty()) {
            results().getSelectionModel().select(0);
            results().scrollTo(0);
        }
    }

    /** A message instead of results; callable from any thread. */
    private void show(long id, String message, boolean error) {
        Platform.runLater(() -> {
            if (id != latest.get()) {
                return;
            }
            status.setText(message);
            status.getStyleClass().remove("search-error");
            if (error) {
                status.getStyleClass().add("search-error");
            }
            results().getItems().clear();
        });
    }

    private void fieldKey(KeyEvent e) {
        ListView<SearchHit> results = results();
        int n = results.getItems().size();
        int at = results.getSelectionModel().getSelectedIndex();
        if (e.getCode() == KeyCode.DOWN && n > 0) {
            results.getSelectionModel().select(Math.min(n - 1, at + 1));
            results.scrollTo(Math.max(0, results.getSelectionModel().getSelectedIndex() - 2));
        } else if (e.getCode() == KeyCode.UP && n > 0) {
            results.getSelectionModel().select(Math.max(0, at - 1));
            results.scrollTo(Math.max(0, results.getSelectionModel().getSelectedIndex() - 2));
        } else if (e.getCode() == KeyCode.ENTER) {
            open(at >= 0 ? results.getSelectionModel().getSelectedItem() : n > 0 ? results.getItems().get(0) : null);
        } else if (e.getCode() == KeyCode.ESCAPE) {
            close();
        } else {
            return;
        }
        e.consume();
    }

    /** Opens a hit, then finds, off the FX thread, what to mark on its page. */
    private void open(SearchHit hit) {
        if (hit == null) {
            return;
        }
        onOpen.accept(hit);
        String text = field.getText();
        SearchIndex idx = index != null && index.isDone() && !index.isCompletedExceptionally() ? index.join() : null;
        if (idx != null) {
            worker.execute(() -> {
                PageMatches m = idx.pageMatches(text, hit.id(), true);
                Platform.runLater(() -> onMatches.accept(m));
            });
        }
    }

    /** Clears the query and hands the keyboard back. */
    private void close() {
        field.clear();
        onClose.run();
    }
}
