package org.deepdrill.demo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one finished run measured; {@code breakName} is empty for a normal run. Plain data: safe to hand to the UI and the CLI. */
public record DemoResult(
        String id,
        String breakName,
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
        breakName = breakName == null ? "" : breakName;
        params = Map.copyOf(params);
        metrics = List.copyOf(metrics);
        charts = List.copyOf(charts);
        heatmaps = List.copyOf(heatmaps);
        tables = List.copyOf(tables);
        claims = List.copyOf(claims);
        notes = List.copyOf(notes);
    }

    /** True when the run was a named break: a wrong world, so some claims are meant to fail. */
    public boolean broken() {
        return !breakName.isEmpty();
    }

    public Optional<Claim> claim(String claimId) {
        return claims.stream().filter(c -> c.id().equals(claimId)).findFirst();
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
