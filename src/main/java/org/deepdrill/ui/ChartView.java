package org.deepdrill.ui;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
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
    /** Live points not drawn yet, per series, in arrival order (live charts only). */
    private final Map<String, List<XYChart.Data<Number, Number>>> waiting = new LinkedHashMap<>();
    private final LiveRange xRange = new LiveRange();
    private final LiveRange yRange = new LiveRange();
    private final boolean live;
    private double minX = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private boolean drawn;

    ChartView(Chart spec) {
        this(spec, false);
    }

    /**
     * A chart that a running demo fills point by point: points wait in {@link #add} until
     * {@link #flush()} draws them in one change, and the axes keep round bounds of their own
     * instead of re-ranging (and rebuilding their tick labels) on every point.
     */
    static ChartView live(Chart header) {
        return new ChartView(header, true);
    }

    private ChartView(Chart spec, boolean live) {
        this.spec = spec;
        this.live = live;
        NumberAxis x = axis(spec.xLabel(), spec.logX());
        NumberAxis y = axis(spec.yLabel(), spec.logY());
        if (live) {
            fixed(x, spec.logX());
            fixed(y, spec.logY());
        }
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
            // Scatter symbols are nodes: added a chunk per frame. A line is one path, added whole
            // a frame after the empty chart, so its styling and its first layout fall in two frames.
            pending.add(new Pending(target, new ArrayList<>(points)));
        }
    }

    /** Points not yet on the chart. */
    private record Pending(XYChart.Series<Number, Number> series, List<XYChart.Data<Number, Number>> points) {
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Points per frame for scatter charts: each symbol is a node with its own CSS pass. */
    static final int SYMBOLS_PER_FRAME = 100;

    /**
     * Adds the next {@link #SYMBOLS_PER_FRAME} scatter points, or the next whole line, if any are
     * left; call once per frame after the chart is on screen. Returns false when none were left.
     */
    boolean addNextChunk() {
        while (!pending.isEmpty()) {
            Pending p = pending.get(0);
            if (p.points().isEmpty()) {
                pending.remove(0);
                continue;
            }
            int size = spec.kind() == Chart.Kind.SCATTER ? SYMBOLS_PER_FRAME : p.points().size();
            List<XYChart.Data<Number, Number>> chunk = p.points().subList(0, Math.min(p.points().size(), size));
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
            return spec.series().size();
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
     * None of these classes touches the toolkit in its static initialiser. Then loads and links,
     * without initialising, the other JavaFX classes the first demo needs ({@link WarmClasses}).
     */
    static void preloadClasses() {
        Thread t = new Thread(() -> {
            for (Class<?> c : new Class<?>[] {LineChart.class, ScatterChart.class, NumberAxis.class, XYChart.Series.class,
                    XYChart.Data.class, ChartView.class, HeatmapView.class, ResultView.class, LiveCharts.class,
                    LiveRange.class, TickLabels.class}) {
                try {
                    Class.forName(c.getName(), true, c.getClassLoader()).getDeclaredMethods();
                } catch (ClassNotFoundException | LinkageError e) {
                    return;
                }
            }
            ClassLoader loader = LineChart.class.getClassLoader();
            for (String name : WarmClasses.names()) {
                try {
                    Class.forName(name, false, loader).getDeclaredMethods(); // reflection links (verifies) the class
                } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                    // not in this JavaFX version: nothing to warm
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

    /** Adds one live point, skipping values a log axis cannot show; it is drawn by the next {@link #flush()}. */
    void add(String name, double x, double y) {
        Double px = map(x, spec.logX());
        Double py = map(y, spec.logY());
        if (px == null || py == null) {
            return;
        }
        if (!live) {
            XYChart.Series<Number, Number> s = series.computeIfAbsent(name, this::newSeries);
            s.getData().add(new XYChart.Data<>(px, py));
            return;
        }
        waiting.computeIfAbsent(name, k -> new ArrayList<>()).add(new XYChart.Data<>(px, py));
        minX = Math.min(minX, px);
        maxX = Math.max(maxX, px);
        minY = Math.min(minY, py);
        maxY = Math.max(maxY, py);
    }

    /** True when live points wait to be drawn. */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** True once a live chart has drawn its first points. */
    boolean drawn() {
        return drawn;
    }

    /**
     * Draws the waiting live points: one list change per series (the chart lays out once), at
     * most {@code 2 * MAX_POINTS} kept per series by dropping every other point, and new axis
     * bounds only when the data has outgrown or shrunk inside the old ones.
     */
    void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<XYChart.Data<Number, Number>>> e : waiting.entrySet()) {
            XYChart.Series<Number, Number> s = series.computeIfAbsent(e.getKey(), this::newSeries);
            javafx.collections.ObservableList<XYChart.Data<Number, Number>> data = s.getData();
            if (data.size() + e.getValue().size() > 2 * MAX_POINTS) {
                List<XYChart.Data<Number, Number>> all = new ArrayList<>(data);
                all.addAll(e.getValue());
                data.setAll(halved(all));
            } else {
                data.addAll(e.getValue());
            }
        }
        waiting.clear();
        fit((NumberAxis) chart.getXAxis(), xRange, minX, maxX);
        fit((NumberAxis) chart.getYAxis(), yRange, minY, maxY);
        drawn = true;
    }

    /** Every other point, until at most {@code MAX_POINTS} are left; the first and last stay. */
    private static List<XYChart.Data<Number, Number>> halved(List<XYChart.Data<Number, Number>> all) {
        List<XYChart.Data<Number, Number>> out = all;
        while (out.size() > MAX_POINTS) {
            List<XYChart.Data<Number, Number>> next = new ArrayList<>(out.size() / 2 + 2);
            for (int i = 0; i < out.size() - 1; i += 2) {
                next.add(out.get(i));
            }
            next.add(out.get(out.size() - 1));
            out = next;
        }
        return out;
    }

    private static void fit(NumberAxis axis, LiveRange range, double min, double max) {
        if (range.fit(min, max)) {
            axis.setTickUnit(range.unit());
            axis.setLowerBound(range.lower());
            axis.setUpperBound(range.upper());
        }
    }

    /** Bounds set by {@link #flush()}; linear tick labels with as many decimals as the tick unit needs. */
    private static void fixed(NumberAxis a, boolean log) {
        a.setAutoRanging(false);
        if (!log) {
            a.setTickLabelFormatter(TickLabels.linear(a::getTickUnit));
        }
    }

    /** A tick label for a linear axis with this tick unit: 0.25, 1.5, 120, 3e+06. */
    static String linearTick(double v, double unit) {
        if (Math.abs(v) < unit * 1e-6) {
            return "0";
        }
        if (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4) {
            return String.format(java.util.Locale.ROOT, "%.2g", v);
        }
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(unit) - 1e-9)));
        if (Math.abs(unit * Math.pow(10, decimals) - Math.rint(unit * Math.pow(10, decimals))) > 1e-6) {
            decimals++; // 0.25 needs two, 2.5 one
        }
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
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
            a.setTickLabelFormatter(TickLabels.log());
        }
        return a;
    }
}
