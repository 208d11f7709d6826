package org.deepdrill.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a running demo sees: its parameters, its device and per-run NDManager, progress and
 * cancellation, and the collector for what it measures. The runner owns the manager and closes it
 * after the run, so arrays a demo forgets are still freed.
 */
public final class DemoContext {
    private final DemoSpec spec;
    private final Params params;
    private final Device device;
    private final NDManager manager;
    private final RunListener listener;
    private final BooleanSupplier cancelled;

    private final List<Metric> metrics = new ArrayList<>();
    private final Map<String, Chart> charts = new LinkedHashMap<>();
    private final Map<String, LiveChart> live = new LinkedHashMap<>();
    private final List<Heatmap> heatmaps = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Claim> claims = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public DemoContext(DemoSpec spec, Params params, Device device, NDManager manager, RunListener listener,
                       BooleanSupplier cancelled) {
        this.spec = spec;
        this.params = params;
        this.device = device;
        this.manager = manager;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    public Params params() {
        return params;
    }

    public boolean quick() {
        return params.quick();
    }

    public Device device() {
        return device;
    }

    /** The run's manager, on the run's device; closed by the runner when the run ends. */
    public NDManager manager() {
        return manager;
    }

    // --- progress and cancellation ---------------------------------------------------------

    /** Throws {@link DemoCancelledException} if the user cancelled. Call it between steps. */
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new DemoCancelledException(spec.id());
        }
    }

    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    public void progress(int step, int total, String message) {
        listener.onProgress(step, total, message);
        checkCancelled();
    }

    /** Fails the run with a clear message when a value such as a loss is NaN or infinite. */
    public double checkFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new DemoFailedException(what + " became " + value + ": training diverged. Try a smaller learning rate.");
        }
        return value;
    }

    // --- live charts -----------------------------------------------------------------------

    /** Declares a chart whose points arrive during the run. */
    public void liveChart(String id, String title, String xLabel, String yLabel, boolean logY) {
        LiveChart c = new LiveChart(new Chart(id, title, xLabel, yLabel, Chart.Kind.LINE, false, logY, List.of()));
        live.put(id, c);
        listener.onLiveChart(c.header);
    }

    public void point(String chartId, String series, double x, double y) {
        LiveChart c = live.get(chartId);
        if (c == null) {
            throw new IllegalStateException("live chart " + chartId + " was not declared");
        }
        c.add(series, x, y);
        listener.onPoint(chartId, series, x, y);
    }

    // --- results ---------------------------------------------------------------------------

    public void metric(String name, double value, String unit) {
        metrics.add(new Metric(name, value, unit));
    }

    public void chart(Chart chart) {
        charts.put(chart.id(), chart);
    }

    public void heatmap(Heatmap heatmap) {
        heatmaps.add(heatmap);
    }

    public void table(Table table) {
        tables.add(table);
    }

    public Claim claim(Claim claim) {
        claims.add(claim);
        return claim;
    }

    public void note(String text) {
        notes.add(text);
    }

    DemoResult toResult(String deviceName, long elapsedMillis) {
        Map<String, Chart> all = new LinkedHashMap<>();
        live.forEach((id, c) -> all.put(id, c.toChart()));
        all.putAll(charts);
        return new DemoResult(spec.id(), deviceName, elapsedMillis, params.asMap(), metrics,
                new ArrayList<>(all.values()), heatmaps, tables, claims, notes);
    }

    /** Points gathered for one live chart, kept per series in arrival order. */
    private static final class LiveChart {
        final Chart header;
        final Map<String, double[][]> data = new LinkedHashMap<>();
        final Map<String, Integer> sizes = new LinkedHashMap<>();

        LiveChart(Chart header) {
            this.header = header;
        }

        void add(String series, double x, double y) {
            double[][] d = data.computeIfAbsent(series, k -> new double[2][64]);
            int n = sizes.getOrDefault(series, 0);
            if (n == d[0].length) {
                d[0] = java.util.Arrays.copyOf(d[0], n * 2);
                d[1] = java.util.Arrays.copyOf(d[1], n * 2);
                data.put(series, d);
            }
            d[0][n] = x;
            d[1][n] = y;
            sizes.put(series, n + 1);
        }

        Chart toChart() {
            List<Series> s = new ArrayList<>();
            data.forEach((name, d) -> {
                int n = sizes.get(name);
                s.add(new Series(name, java.util.Arrays.copyOf(d[0], n), java.util.Arrays.copyOf(d[1], n)));
            });
            return new Chart(header.id(), header.title(), header.xLabel(), header.yLabel(), header.kind(),
                    header.logX(), header.logY(), s);
        }
    }
}
