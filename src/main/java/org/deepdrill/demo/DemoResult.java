package org.deepdrill.demo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one finished run measured. Plain data: safe to hand to the UI and the CLI. */
public record DemoResult(
        String id,
        String device,
        long elapsedMillis,
        Map<String, String> params,
        List<Metric> metrics,
        List<Chart> charts,
        List<Heatmap> heatmaps,
        List<Table> tables,
        List<Claim> claims,
        List<String> notes) {

    public DemoResult {
        params = Map.copyOf(params);
        metrics = List.copyOf(metrics);
        charts = List.copyOf(charts);
        heatmaps = List.copyOf(heatmaps);
        tables = List.copyOf(tables);
        claims = List.copyOf(claims);
        notes = List.copyOf(notes);
    }

    public boolean allClaimsHold() {
        return claims.stream().allMatch(Claim::holds);
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Chart> chart(String chartId) {
        return charts.stream().filter(c -> c.id().equals(chartId)).findFirst();
    }

    public Optional<Heatmap> heatmap(String heatmapId) {
        return heatmaps.stream().filter(h -> h.id().equals(heatmapId)).findFirst();
    }

    public Optional<Table> table(String tableId) {
        return tables.stream().filter(t -> t.id().equals(tableId)).findFirst();
    }
}
