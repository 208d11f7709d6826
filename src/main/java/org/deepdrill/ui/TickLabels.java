package org.deepdrill.ui;

import javafx.util.StringConverter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Tick labels of a chart axis, remembered per value: an axis formats and measures its labels on
 * every layout pass, and a live chart lays out several times a second.
 */
final class TickLabels extends StringConverter<Number> {
    private static final int KEEP = 256;

    private final boolean log;
    private final DoubleSupplier unit;
    private double labelledUnit = Double.NaN;
    private final Map<Double, String> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Double, String> eldest) {
            return size() > KEEP;
        }
    };

    private TickLabels(boolean log, DoubleSupplier unit) {
        this.log = log;
        this.unit = unit;
    }

    /** Labels for an axis that plots log10 of the values: the original numbers. */
    static TickLabels log() {
        return new TickLabels(true, () -> 0);
    }

    /** Labels for a linear axis with as many decimals as its current tick unit needs. */
    static TickLabels linear(DoubleSupplier tickUnit) {
        return new TickLabels(false, tickUnit);
    }

    @Override
    public String toString(Number n) {
        double v = n.doubleValue();
        if (!log) {
            double u = unit.getAsDouble();
            if (u != labelledUnit) {
                seen.clear();
                labelledUnit = u;
            }
        }
        return seen.computeIfAbsent(v, k -> log ? ChartView.logTick(Math.pow(10, k)) : ChartView.linearTick(k, labelledUnit));
    }

    @Override
    public Number fromString(String s) {
        double v = Double.parseDouble(s);
        return log ? Math.log10(v) : v;
    }
}
