package org.deepdrill.ui;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.deepdrill.search.SearchHit;
import org.deepdrill.search.Snippet;

import java.util.function.Function;

/** One search result: the question with its matched words marked, its section and quiz state, and the snippet. */
final class SearchResultCell extends ListCell<SearchHit> {
    private final Function<String, String> quizState;
    private final TextFlow title = new TextFlow();
    private final Label section = new Label();
    private final Label state = new Label();
    private final TextFlow snippet = new TextFlow();
    private final VBox box = new VBox(3);

    SearchResultCell(Function<String, String> quizState) {
        this.quizState = quizState;
        title.getStyleClass().add("search-title");
        section.getStyleClass().add("search-section");
        section.setMinWidth(0);
        state.getStyleClass().add("search-state");
        state.setMinWidth(Region.USE_PREF_SIZE);
        snippet.getStyleClass().add("search-snippet");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        box.getChildren().addAll(title, new HBox(6, section, gap, state), snippet);
        box.getStyleClass().add("search-result");
        setPrefWidth(0); // wrap to the list's width instead of scrolling sideways
    }

    @Override
    protected void updateItem(SearchHit hit, boolean empty) {
        super.updateItem(hit, empty);
        setText(null);
        if (empty || hit == null) {
            setGraphic(null);
            return;
        }
        fill(title, hit.title());
        section.setText(hit.section() + " · " + hit.sectionTitle());
        String s = quizState.apply(hit.id());
        state.setText(s);
        state.getStyleClass().removeIf(c -> c.startsWith("state-"));
        state.getStyleClass().add("state-" + s);
        state.setVisible(!s.isEmpty());
        fill(snippet, hit.snippet());
        if (getListView() != null) {
            box.maxWidthProperty().bind(getListView().widthProperty().subtract(34));
            title.maxWidthProperty().bind(box.maxWidthProperty());
            snippet.maxWidthProperty().bind(box.maxWidthProperty());
        }
        setGraphic(box);
    }

    /** Text runs of the snippet, the matched ones marked. */
    static void fill(TextFlow flow, Snippet s) {
        flow.getChildren().clear();
        for (Snippet.Segment seg : s.segments()) {
            Text t = new Text(seg.text());
            t.getStyleClass().add(seg.match() ? "search-mark" : "search-text");
            flow.getChildren().add(t);
        }
    }
}
