package org.deepdrill.demo;

import java.util.List;

/** A matrix shown as a colour grid, with optional row and column names. */
public record Heatmap(String id, String title, String rowLabel, String colLabel, double[][] values,
                      List<String> rowNames, List<String> colNames) {

    public Heatmap {
        int cols = values.length == 0 ? 0 : values[0].length;
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != cols) {
                throw new IllegalArgumentException("heatmap " + id + ": ragged row " + i);
            }
            copy[i] = values[i].clone();
        }
        values = copy;
        rowNames = rowNames == null ? List.of() : List.copyOf(rowNames);
        colNames = colNames == null ? List.of() : List.copyOf(colNames);
    }

    public static Heatmap of(String id, String title, String rowLabel, String colLabel, double[][] values) {
        return new Heatmap(id, title, rowLabel, colLabel, values, null, null);
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return values.length == 0 ? 0 : values[0].length;
    }

    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] r : values) {
            for (double v : r) {
                if (Double.isFinite(v)) {
                    m = Math.min(m, v);
                }
            }
        }
        return m;
    }

    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] r : values) {
            for (double v : r) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, v);
                }
            }
        }
        return m;
    }
}
