package org.deepdrill.demo.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.RunListener;
import org.deepdrill.demo.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The runner's {@link DemoContext}: forwards progress and points, and keeps the live charts. */
final class RunContext implements DemoContext {
    private final String demoId;
    private final Params params;
    private final Device device;
    private final NDManager manager;
    private final RunListener listener;
    private final BooleanSupplier cancelled;
    private final Map<String, LiveChart> live = new LinkedHashMap<>();

    RunContext(String demoId, Params params, Device device, NDManager manager, RunListener listener,
               BooleanSupplier cancelled) {
        this.demoId = demoId;
        this.params = params;
        this.device = device;
        this.manager = manager;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new DemoCancelledException(demoId);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public void progress(int step, int total, String message) {
        listener.onProgress(step, total, message);
        checkCancelled();
    }

    @Override
    public void liveChart(String id, String title, String xLabel, String yLabel, boolean logY) {
        LiveChart c = new LiveChart(new Chart(id, title, xLabel, yLabel, Chart.Kind.LINE, false, logY, List.of()));
        live.put(id, c);
        listener.onLiveChart(c.header);
    }

    @Override
    public void point(String chartId, String series, double x, double y) {
        LiveChart c = live.get(chartId);
        if (c == null) {
            throw new IllegalStateException("live chart " + chartId + " was not declared");
        }
        c.add(series, x, y);
        listener.onPoint(chartId, series, x, y);
    }

    /** The live charts as they ended, in the order declared. */
    List<Chart> liveCharts() {
        return live.values().stream().map(LiveChart::toChart).toList();
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
                d[0] = Arrays.copyOf(d[0], n * 2);
                d[1] = Arrays.copyOf(d[1], n * 2);
            }
            d[0][n] = x;
            d[1][n] = y;
            sizes.put(series, n + 1);
        }

        Chart toChart() {
            List<Series> s = new ArrayList<>();
            data.forEach((name, d) -> {
                int n = sizes.get(name);
                s.add(new Series(name, Arrays.copyOf(d[0], n), Arrays.copyOf(d[1], n)));
            });
            return new Chart(header.id(), header.title(), header.xLabel(), header.yLabel(), header.kind(),
                    header.logX(), header.logY(), s);
        }
    }
}
