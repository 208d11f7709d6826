package org.deepdrill.demo;

import java.util.List;
import java.util.Optional;

/** A plot: line or scatter, optionally on log axes. */
public record Chart(String id, String title, String xLabel, String yLabel, Kind kind, boolean logX, boolean logY,
                    List<Series> series) {

    public enum Kind { LINE, SCATTER }

    public Chart {
        series = List.copyOf(series);
    }

    public static Chart line(String id, String title, String xLabel, String yLabel, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, Kind.LINE, false, false, series);
    }

    public static Chart logLog(String id, String title, String xLabel, String yLabel, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, Kind.LINE, true, true, series);
    }

    public static Chart scatter(String id, String title, String xLabel, String yLabel, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, Kind.SCATTER, false, false, series);
    }

    public Chart withLog(boolean x, boolean y) {
        return new Chart(id, title, xLabel, yLabel, kind, x, y, series);
    }

    public Optional<Series> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
