package org.deepdrill.ui;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.ParamSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A form generated from a demo's parameter spec. Values are validated by the runner on Run. */
final class ParamForm {
    private final GridPane grid = new GridPane();
    private final Map<String, Supplier<String>> readers = new LinkedHashMap<>();
    private final Map<String, java.util.function.Consumer<String>> writers = new LinkedHashMap<>();

    ParamForm(DemoSpec spec) {
        grid.setHgap(10);
        grid.setVgap(6);
        grid.getStyleClass().add("param-form");
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(58);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(c0, c1);
        int row = 0;
        for (ParamSpec p : spec.params()) {
            Label label = new Label(p.label());
            label.setWrapText(true);
            Node control = control(p);
            control.setId("param-" + p.name());
            String tip = p.name() + " (" + p.type().name().toLowerCase() + ", " + p.range() + "), default " + p.defaultValue()
                    + ", quick " + p.quickValue() + (p.help().isEmpty() ? "" : "\n" + p.help());
            Tooltip.install(label, new Tooltip(tip));
            Tooltip.install(control, new Tooltip(tip));
            grid.addRow(row++, label, control);
        }
    }

    private Node control(ParamSpec p) {
        switch (p.type()) {
            case BOOL -> {
                CheckBox cb = new CheckBox();
                readers.put(p.name(), () -> Boolean.toString(cb.isSelected()));
                writers.put(p.name(), v -> cb.setSelected(Boolean.parseBoolean(v)));
                cb.setSelected(Boolean.parseBoolean(p.defaultValue()));
                return cb;
            }
            case CHOICE -> {
                ComboBox<String> box = new ComboBox<>();
                box.getItems().addAll(p.choices());
                box.setValue(p.defaultValue());
                box.setMaxWidth(Double.MAX_VALUE);
                readers.put(p.name(), box::getValue);
                writers.put(p.name(), box::setValue);
                return box;
            }
            default -> {
                TextField field = new TextField(p.defaultValue());
                field.setPromptText(p.range());
                field.setPrefColumnCount(8);
                readers.put(p.name(), field::getText);
                writers.put(p.name(), field::setText);
                return field;
            }
        }
    }

    Node root() {
        return grid;
    }

    /** The raw values the user typed, by parameter name. */
    Map<String, String> values() {
        Map<String, String> out = new LinkedHashMap<>();
        readers.forEach((k, r) -> out.put(k, r.get()));
        return out;
    }

    /** Fills every field with the default (or quick) values of the spec. */
    void fill(DemoSpec spec, boolean quick) {
        for (ParamSpec p : spec.params()) {
            writers.get(p.name()).accept(quick ? p.quickValue() : p.defaultValue());
        }
    }
}
