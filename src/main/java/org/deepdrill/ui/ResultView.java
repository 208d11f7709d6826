package org.deepdrill.ui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import atlantafx.base.theme.Styles;
import javafx.scene.control.Hyperlink;
import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.Metric;
import org.deepdrill.demo.Table;

import java.util.List;
import java.util.function.Consumer;

/** Builders for the parts of a finished result: claims, metrics, tables and notes. */
final class ResultView {
    private ResultView() {
    }

    static Node claims(List<Claim> claims) {
        return claims(claims, null, heading -> { });
    }

    /**
     * The claims of a run. For a broken run, a banner names the break; each claim it was meant to
     * flip carries its reason, and a link to the answer's section on that wrong answer.
     */
    static Node claims(List<Claim> claims, Break<?> broken, Consumer<String> openHeading) {
        VBox box = new VBox(6);
        box.setId("claims");
        box.getStyleClass().add("claims");
        if (broken != null) {
            box.getChildren().add(banner(broken, openHeading));
        }
        for (Claim c : claims) {
            Label mark = new Label(c.holds() ? "✓" : "✗");
            mark.getStyleClass().addAll("claim-mark", c.holds() ? "claim-ok" : "claim-bad");
            Label text = new Label(c.statement());
            text.setWrapText(true);
            text.getStyleClass().add("claim-text");
            Label value = new Label(Claim.num(c.measured()) + "   expected " + c.expected());
            value.getStyleClass().add("claim-value");
            VBox words = new VBox(1, text, value);
            String why = broken == null ? null : broken.flips().get(c.id());
            if (why != null) {
                Label reason = new Label((c.holds() ? "Meant to fail under this break, but held: " : "Why it fails: ") + why);
                reason.setWrapText(true);
                reason.getStyleClass().addAll("claim-why", c.holds() ? "claim-why-held" : "claim-why-failed");
                words.getChildren().add(reason);
            }
            HBox row = new HBox(10, mark, words);
            row.setId("claim-" + c.id());
            row.getStyleClass().add("claim-row");
            box.getChildren().add(row);
        }
        return box;
    }

    private static Node banner(Break<?> b, Consumer<String> openHeading) {
        Label head = new Label("Broken on purpose: " + b.name());
        head.getStyleClass().addAll("break-title", Styles.TEXT_BOLD);
        Label what = new Label(b.changes() + ". The claims it targets should now fail.");
        what.setWrapText(true);
        VBox box = new VBox(3, head, what);
        if (!b.answerHeading().isEmpty()) {
            Hyperlink read = new Hyperlink("Read why in the answer: " + b.answerHeading().replaceAll("\\$[^$]*\\$", "…"));
            read.setId("break-read");
            read.setWrapText(true);
            read.setOnAction(e -> openHeading.accept(b.answerHeading()));
            box.getChildren().add(read);
        }
        box.setId("break-banner");
        box.getStyleClass().add("break-banner");
        return box;
    }

    static Node metrics(List<Metric> metrics) {
        GridPane g = new GridPane();
        g.setHgap(14);
        g.setVgap(3);
        g.getStyleClass().add("metrics");
        int r = 0;
        for (Metric m : metrics) {
            Label name = new Label(m.name());
            name.setWrapText(true);
            name.setMaxWidth(340);
            Label value = new Label(Claim.num(m.value()) + (m.unit().isEmpty() ? "" : " " + m.unit()));
            value.getStyleClass().add("metric-value");
            g.addRow(r++, name, value);
        }
        return g;
    }

    static Node table(Table t) {
        TableView<List<String>> view = emptyTable(t);
        view.getItems().addAll(t.rows());
        return box(t, view);
    }

    /**
     * A table built in two frames: first the empty table goes on screen (its skin, header and
     * styles), then its rows (the cells). A cold table costs the FX thread both at once otherwise.
     */
    static List<Runnable> tableSteps(Table t, Pane into) {
        List<TableView<List<String>>> view = new java.util.ArrayList<>(1);
        return List.of(() -> {
            view.add(emptyTable(t));
            into.getChildren().add(box(t, view.get(0)));
        }, () -> view.get(0).getItems().setAll(t.rows()));
    }

    private static TableView<List<String>> emptyTable(Table t) {
        TableView<List<String>> view = new TableView<>();
        view.setId("table-" + t.id());
        for (int i = 0; i < t.headers().size(); i++) {
            int col = i;
            TableColumn<List<String>, String> c = new TableColumn<>(t.headers().get(i));
            c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().get(col)));
            c.setSortable(false);
            int chars = t.headers().get(i).length();
            for (List<String> row : t.rows()) {
                chars = Math.max(chars, row.get(col).length());
            }
            c.setPrefWidth(Math.min(320, chars * 7.5 + 24));
            view.getColumns().add(c);
        }
        view.setFixedCellSize(26);
        view.setPrefHeight(Math.min(12, t.rows().size()) * 26 + 48);
        return view;
    }

    private static Node box(Table t, TableView<List<String>> view) {
        Label title = new Label(t.title());
        title.getStyleClass().add("subhead");
        VBox box = new VBox(4, title, view);
        box.setPadding(new Insets(4, 0, 4, 0));
        return box;
    }

    static Node notes(DemoResult r) {
        VBox box = new VBox(4);
        for (String n : r.notes()) {
            Label l = new Label("• " + n);
            l.setWrapText(true);
            l.getStyleClass().add("note");
            box.getChildren().add(l);
        }
        return box;
    }
}
