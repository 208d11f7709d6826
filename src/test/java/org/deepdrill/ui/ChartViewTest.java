package org.deepdrill.ui;

import javafx.scene.chart.XYChart;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scatter symbols are nodes: a big scatter is thinned to a budget and added a chunk per frame. */
@ExtendWith(ApplicationExtension.class)
class ChartViewTest {
    private static Series cloud(String name, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(i);
            y[i] = Math.sin(i * 0.7);
        }
        return new Series(name, x, y);
    }

    @Test
    void aBigScatterArrivesInChunksWithinTheSymbolBudget(FxRobot robot) {
        Chart spec = Chart.scatter("c", "cloud", "x", "y", List.of(cloud("a", 1500), cloud("b", 1500), cloud("tiny", 3)));
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> {
            ChartView v = new ChartView(spec);
            int before = total(v);
            int calls = 0;
            int biggest = 0;
            int last = before;
            while (v.addNextChunk()) {
                calls++;
                biggest = Math.max(biggest, total(v) - last);
                last = total(v);
            }
            out.set(before + " " + calls + " " + biggest + " " + last + " " + ChartView.maxChunks(spec));
        });
        String[] f = out.get().split(" ");
        assertEquals(0, Integer.parseInt(f[0]), "no symbol is built with the chart itself");
        assertTrue(Integer.parseInt(f[2]) <= ChartView.SYMBOLS_PER_FRAME, "chunk of " + f[2]);
        int shown = Integer.parseInt(f[3]);
        // Thinning takes every k-th point (plus the last), so a series lands a little under its share.
        assertTrue(shown <= ChartView.MAX_SCATTER_SYMBOLS + 10 && shown >= 0.9 * ChartView.MAX_SCATTER_SYMBOLS, "symbols " + shown);
        assertTrue(Integer.parseInt(f[1]) <= Integer.parseInt(f[4]), "the panel schedules enough frames: " + out.get());
    }

    @Test
    void liveChartsDrawWaitingPointsInOneGoAndKeepTheirAxesStill(FxRobot robot) {
        Chart header = new Chart("live", "loss", "step", "loss", Chart.Kind.LINE, false, true, List.of());
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> {
            ChartView v = ChartView.live(header);
            javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) v.node().getXAxis();
            int[] changes = {0};
            x.upperBoundProperty().addListener((o, a, b) -> changes[0]++);
            for (int step = 0; step < 50; step++) {
                v.add("a", step, Math.exp(-step / 10.0));
                v.add("b", step, -1); // not on a log axis: skipped
            }
            int before = total(v);
            v.flush();
            int afterFirst = total(v);
            for (int step = 50; step < 3000; step++) {
                v.add("a", step, Math.exp(-step / 10.0));
                if (step % 25 == 0) {
                    v.flush();
                }
            }
            v.flush();
            out.set(before + " " + afterFirst + " " + total(v) + " " + changes[0] + " " + x.isAutoRanging() + " " + v.hasWaiting()
                    + " " + x.getUpperBound());
        });
        String[] f = out.get().split(" ");
        assertEquals("0", f[0], "points wait for a flush");
        assertEquals("50", f[1], "one flush draws them all");
        int kept = Integer.parseInt(f[2]);
        assertTrue(kept >= ChartView.MAX_POINTS / 2 && kept <= 2 * ChartView.MAX_POINTS, "kept " + kept);
        assertTrue(Integer.parseInt(f[3]) < 25, "x bounds changed " + f[3] + " times over 120 redraws");
        assertEquals("false", f[4]);
        assertEquals("false", f[5]);
        assertTrue(Double.parseDouble(f[6]) >= 2999);
    }

    private static int total(ChartView v) {
        return v.node().getData().stream().mapToInt(s -> s.getData().size()).sum();
    }

    @Test
    void aLineChartGetsOneWholeSeriesPerFrame(FxRobot robot) {
        Chart spec = Chart.line("l", "line", "x", "y", List.of(cloud("a", 300), cloud("b", 5000)));
        AtomicReference<String> n = new AtomicReference<>();
        robot.interact(() -> {
            ChartView v = new ChartView(spec);
            int before = total(v);
            v.addNextChunk();
            int first = total(v);
            int calls = 1;
            while (v.addNextChunk()) {
                calls++;
            }
            n.set(before + " " + first + " " + total(v) + " " + calls);
        });
        String[] f = n.get().split(" ");
        assertEquals("0", f[0], "the chart is styled and laid out empty first");
        assertEquals("300", f[1], "then a whole series");
        int all = Integer.parseInt(f[2]);
        assertTrue(all > 300 + ChartView.MAX_POINTS / 2 && all <= 300 + ChartView.MAX_POINTS + 1, "long series thinned: " + all);
        assertEquals(ChartView.maxChunks(spec), Integer.parseInt(f[3]));
    }
}
