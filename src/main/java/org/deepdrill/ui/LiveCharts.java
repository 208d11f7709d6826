package org.deepdrill.ui;

import javafx.animation.AnimationTimer;
import javafx.scene.layout.Pane;
import org.deepdrill.demo.Chart;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The charts a running demo fills as it trains. A demo can send hundreds of points a second;
 * each change makes a chart lay out its line and axes again, so points are gathered and drawn at
 * most {@link #REDRAWS_PER_SECOND} times a second (a chart's first points at the next frame).
 */
final class LiveCharts {
    static final int REDRAWS_PER_SECOND = 8;
    private static final long REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;

    private final Pane holder;
    private final Map<String, ChartView> charts = new LinkedHashMap<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (now - lastRedraw >= REDRAW_NANOS) {
                lastRedraw = now;
                charts.values().forEach(ChartView::flush);
            } else {
                charts.values().stream().filter(c -> !c.drawn()).forEach(ChartView::flush);
            }
            if (charts.values().stream().noneMatch(ChartView::hasWaiting)) {
                stop();
                ticking = false;
            }
        }
    };
    private long lastRedraw;
    private boolean ticking;

    LiveCharts(Pane holder) {
        this.holder = holder;
    }

    void declare(Chart header) {
        ChartView v = ChartView.live(header);
        charts.put(header.id(), v);
        holder.getChildren().add(v.node());
    }

    void point(String chartId, String series, double x, double y) {
        ChartView v = charts.get(chartId);
        if (v != null) {
            v.add(series, x, y);
            if (!ticking && v.hasWaiting()) {
                ticking = true;
                timer.start();
            }
        }
    }

    /** Draws whatever still waits (a cancelled or failed run keeps its last points on screen). */
    void flushAll() {
        charts.values().forEach(ChartView::flush);
    }

    /** Forgets the live charts (their nodes belong to the holder, which the panel clears). */
    void clear() {
        timer.stop();
        ticking = false;
        charts.clear();
    }

    boolean isEmpty() {
        return charts.isEmpty();
    }

    ChartView get(String id) {
        return charts.get(id);
    }
}
