package org.deepdrill.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/** The context of a {@link LegacyDemo}: the run's context plus collectors for what it records. */
@Deprecated
public final class LegacyContext implements DemoContext {
    private final DemoContext run;
    private final Presentation.Builder shown = Presentation.builder();
    private final List<Claim> claims = new ArrayList<>();

    LegacyContext(DemoContext run) {
        this.run = run;
    }

    @Override
    public Params params() {
        return run.params();
    }

    @Override
    public Device device() {
        return run.device();
    }

    @Override
    public NDManager manager() {
        return run.manager();
    }

    @Override
    public void checkCancelled() {
        run.checkCancelled();
    }

    @Override
    public boolean isCancelled() {
        return run.isCancelled();
    }

    @Override
    public void progress(int step, int total, String message) {
        run.progress(step, total, message);
    }

    @Override
    public double checkFinite(String what, double value) {
        return run.checkFinite(what, value);
    }

    @Override
    public void liveChart(String id, String title, String xLabel, String yLabel, boolean logY) {
        run.liveChart(id, title, xLabel, yLabel, logY);
    }

    @Override
    public void point(String chartId, String series, double x, double y) {
        run.point(chartId, series, x, y);
    }

    public void metric(String name, double value, String unit) {
        shown.metric(name, value, unit);
    }

    public void chart(Chart chart) {
        shown.chart(chart);
    }

    public void heatmap(Heatmap heatmap) {
        shown.heatmap(heatmap);
    }

    public void table(Table table) {
        shown.table(table);
    }

    public Claim claim(Claim claim) {
        claims.add(claim);
        return claim;
    }

    public void note(String text) {
        shown.note(text);
    }

    LegacyDemo.Collected collected() {
        return new LegacyDemo.Collected(claims, shown.build());
    }
}
