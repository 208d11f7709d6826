package org.deepdrill.ui;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.tool.inspect.LayerRow;
import org.deepdrill.demo.tool.inspect.ModelInspector;
import org.deepdrill.demo.tool.inspect.ModelSummary;

import java.util.Locale;
import java.util.stream.Collectors;

/** The model inspector: parameters and multiply-adds per layer of reference networks, built with DJL. */
public final class ModelsPane {
    private final VBox root = new VBox(12);
    private final ComboBox<String> choice = new ComboBox<>();
    private final Label totals = new Label();
    private final Label status = new Label();
    private final TableView<LayerRow> table = new TableView<>();
    private final DemoRunner runner;

    public ModelsPane(DemoRunner runner) {
        this.runner = runner;
        Label title = new Label("Model inspector");
        title.getStyleClass().add(Styles.TITLE_3);
        Label about = new Label("Reference networks built with DJL at their published configurations (1000 classes, 3×224×224 input), "
                + "untrained. Parameters count trainable weights only; MACs count one multiply-add once (convolutions, linear "
                + "layers and attention matmuls, batch 1).");
        about.setWrapText(true);
        about.getStyleClass().add(Styles.TEXT_MUTED);
        choice.getItems().addAll(ModelInspector.names());
        choice.setId("model-choice");
        choice.setOnAction(e -> load(choice.getValue()));
        totals.getStyleClass().add(Styles.TITLE_4);
        totals.setId("model-totals");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        HBox bar = new HBox(12, new Label("Network"), choice, totals, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        table.setId("model-table");
        table.getColumns().add(column("layer", r -> r.name()));
        table.getColumns().add(column("type", r -> r.type()));
        table.getColumns().add(column("output shape", r -> r.outputShape().stream().map(String::valueOf).collect(Collectors.joining("×"))));
        table.getColumns().add(numberColumn("parameters", LayerRow::parameters));
        table.getColumns().add(numberColumn("MACs", LayerRow::macs));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(title, about, bar, table);
        root.setPadding(new Insets(16));
        choice.setValue("resnet18");
        load("resnet18");
    }

    public VBox root() {
        return root;
    }

    public void show(String name) {
        choice.setValue(name);
        load(name);
    }

    private void load(String name) {
        if (name == null) {
            return;
        }
        status.setText("Building " + name + "…");
        runner.onDemoThread(() -> ModelInspector.summary(name)).whenComplete((s, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                status.setText("Failed: " + (ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage()));
                return;
            }
            show(s);
        }));
    }

    private void show(ModelSummary s) {
        table.getItems().setAll(s.layers());
        totals.setText(String.format(Locale.ROOT, "%,d parameters · %.2f GMACs", s.totalParameters(), s.totalMacs() / 1e9));
        status.setText(s.layers().size() + " units");
    }

    private static TableColumn<LayerRow, String> column(String name, java.util.function.Function<LayerRow, String> f) {
        TableColumn<LayerRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(f.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private static TableColumn<LayerRow, Long> numberColumn(String name, java.util.function.ToLongFunction<LayerRow> f) {
        TableColumn<LayerRow, Long> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(f.applyAsLong(cell.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, "%,d", v));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        c.setSortable(false);
        return c;
    }
}
