package org.deepdrill.demo;

import java.util.ArrayList;
import java.util.List;

/** What a demo shows of one run: charts, tables, heatmaps, metrics and notes. It decides nothing. */
public record Presentation(List<Chart> charts, List<Table> tables, List<Heatmap> heatmaps,
                           List<Metric> metrics, List<String> notes) {

    public Presentation {
        charts = List.copyOf(charts);
        tables = List.copyOf(tables);
        heatmaps = List.copyOf(heatmaps);
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Gathers the parts in the order they should appear. */
    public static final class Builder {
        private final List<Chart> charts = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<Heatmap> heatmaps = new ArrayList<>();
        private final List<Metric> metrics = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        public Builder chart(Chart c) {
            charts.add(c);
            return this;
        }

        public Builder table(Table t) {
            tables.add(t);
            return this;
        }

        public Builder heatmap(Heatmap h) {
            heatmaps.add(h);
            return this;
        }

        public Builder metric(String name, double value, String unit) {
            metrics.add(new Metric(name, value, unit));
            return this;
        }

        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        public Presentation build() {
            return new Presentation(charts, tables, heatmaps, metrics, notes);
        }
    }
}
