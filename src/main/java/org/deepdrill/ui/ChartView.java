package org.deepdrill.ui;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JavaFX chart for a {@link Chart} record. Log axes plot log10 of the values and label the ticks
 * with the original numbers. Long series are thinned for drawing; the data keeps every point.
 */
final class ChartView {
    static final int MAX_POINTS = 600;

    private final Chart spec;
    private final XYChart<Number, Number> chart;
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();

    ChartView(Chart spec) {
        this.spec = spec;
        NumberAxis x = axis(spec.xLabel(), spec.logX());
        NumberAxis y = axis(spec.yLabel(), spec.logY());
        if (spec.kind() == Chart.Kind.SCATTER) {
            chart = new ScatterChart<>(x, y);
        } else {
            LineChart<Number, Number> lc = new LineChart<>(x, y);
            lc.setCreateSymbols(false);
            chart = lc;
        }
        chart.setTitle(spec.title());
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setPrefSize(520, 320);
        chart.setMinHeight(280);
        chart.getStyleClass().add("demo-chart");
        chart.setId("chart-" + spec.id());
        int perSeries = spec.kind() == Chart.Kind.SCATTER ? scatterBudget(spec) : MAX_POINTS;
        for (Series s : spec.series()) {
            List<XYChart.Data<Number, Number>> points = thinned(s, perSeries);
            XYChart.Series<Number, Number> target = series.computeIfAbsent(s.name(), this::newSeries);
            if (spec.kind() == Chart.Kind.SCATTER) {
                pending.add(new Pending(target, new ArrayList<>(points))); // symbols are nodes: added a chunk per frame
            } else {
                target.getData().setAll(points);
            }
        }
    }

    /** Scatter points not yet on the chart. */
    private record Pending(XYChart.Series<Number, Number> series, List<XYChart.Data<Number, Number>> points) {
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Points per frame for scatter charts: each symbol is a node with its own CSS pass. */
    static final int SYMBOLS_PER_FRAME = 100;

    /**
     * Adds the next {@link #SYMBOLS_PER_FRAME} scatter points, if any are left; call once per frame
     * after the chart is on screen. Returns false when none were left.
     */
    boolean addNextChunk() {
        while (!pending.isEmpty()) {
            Pending p = pending.get(0);
            if (p.points().isEmpty()) {
                pending.remove(0);
                continue;
            }
            List<XYChart.Data<Number, Number>> chunk = p.points().subList(0, Math.min(p.points().size(), SYMBOLS_PER_FRAME));
            List<XYChart.Data<Number, Number>> copy = new ArrayList<>(chunk);
            chunk.clear();
            p.series().getData().addAll(copy);
            return true;
        }
        return false;
    }

    /** How many {@link #addNextChunk()} calls a chart of this spec can need, at most. */
    static int maxChunks(Chart spec) {
        if (spec.kind() != Chart.Kind.SCATTER) {
            return 0;
        }
        int per = scatterBudget(spec);
        int n = 0;
        for (Series s : spec.series()) {
            n += (Math.min(s.size(), per + 1) + SYMBOLS_PER_FRAME - 1) / SYMBOLS_PER_FRAME;
        }
        return n;
    }

    /**
     * Every scatter point is a node, so a chart's points share one budget: 4 series of 600 points
     * cost about 250 ms on the FX thread; with this budget, added {@link #SYMBOLS_PER_FRAME} a frame,
     * no frame of a scatter chart takes long.
     */
    static final int MAX_SCATTER_SYMBOLS = 800;

    static int scatterBudget(Chart spec) {
        long big = spec.series().stream().filter(x -> x.size() > 8).count();
        return (int) Math.max(40, Math.min(MAX_POINTS, MAX_SCATTER_SYMBOLS / Math.max(1, big)));
    }

    /**
     * Loads and initialises the chart classes on a background thread once the window is up, so the
     * first live chart of a session does not pay for them on the FX thread while a demo runs.
     * None of these classes touches the toolkit in its static initialiser.
     */
    static void preloadClasses() {
        Thread t = new Thread(() -> {
            for (Class<?> c : new Class<?>[] {LineChart.class, ScatterChart.class, NumberAxis.class, XYChart.Series.class,
                    XYChart.Data.class, ChartView.class, HeatmapView.class, ResultView.class}) {
                try {
                    Class.forName(c.getName(), true, c.getClassLoader()).getDeclaredMethods();
                } catch (ClassNotFoundException | LinkageError e) {
                    return;
                }
            }
        }, "chart-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    XYChart<Number, Number> node() {
        return chart;
    }

    Chart spec() {
        return spec;
    }

    /** Adds one live point, skipping values a log axis cannot show. */
    void add(String name, double x, double y) {
        Double px = map(x, spec.logX());
        Double py = map(y, spec.logY());
        if (px == null || py == null) {
            return;
        }
        XYChart.Series<Number, Number> s = series.computeIfAbsent(name, this::newSeries);
        s.getData().add(new XYChart.Data<>(px, py));
        if (s.getData().size() > 2 * MAX_POINTS) {
            for (int i = s.getData().size() - 2; i > 0; i -= 2) {
                s.getData().remove(i);
            }
        }
    }

    /** At most about maxPoints evenly spaced points of the series, always with its last one. */
    private List<XYChart.Data<Number, Number>> thinned(Series data, int maxPoints) {
        int n = data.size();
        int step = Math.max(1, (n + maxPoints - 1) / maxPoints);
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            addTo(points, data.x()[i], data.y()[i]);
        }
        if (n > 0 && (n - 1) % step != 0) {
            addTo(points, data.x()[n - 1], data.y()[n - 1]);
        }
        return points;
    }

    private void addTo(List<XYChart.Data<Number, Number>> points, double x, double y) {
        Double px = map(x, spec.logX());
        Double py = map(y, spec.logY());
        if (px != null && py != null) {
            points.add(new XYChart.Data<>(px, py));
        }
    }

    private XYChart.Series<Number, Number> newSeries(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        chart.getData().add(s);
        return s;
    }

    private static Double map(double v, boolean log) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (log) {
            return v > 0 ? Math.log10(v) : null;
        }
        return v;
    }

    /** Two significant digits: 3.2, 18, 320, 1.8e+04. */
    static String logTick(double v) {
        if (v >= 1e5 || v < 1e-3) {
            return String.format(java.util.Locale.ROOT, "%.1e", v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(2));
        return d.stripTrailingZeros().toPlainString();
    }

    private static NumberAxis axis(String label, boolean log) {
        NumberAxis a = new NumberAxis();
        a.setLabel(label + (log ? " (log)" : ""));
        a.setForceZeroInRange(false);
        a.setAnimated(false);
        if (log) {
            a.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number n) {
                    return logTick(Math.pow(10, n.doubleValue()));
                }

                @Override
                public Number fromString(String s) {
                    return Math.log10(Double.parseDouble(s));
                }
            });
        }
        return a;
    }
}
