package org.deepdrill.ui;

/**
 * Bounds for one axis of a live chart: round numbers that stay put while the data fits them well,
 * so a chart that gains a point redraws its line but not its axis (new tick labels are new nodes,
 * each with its own CSS and text layout). When the data leaves the bounds, the new ones leave a
 * quarter of the span free on that side, so a growing series moves them only now and then.
 */
final class LiveRange {
    /** Data filling less than this share of the span is redrawn on tighter bounds. */
    static final double MIN_FILL = 0.4;
    static final double HEADROOM = 0.25;
    private static final int TICKS = 5;

    private double lower = Double.NaN;
    private double upper = Double.NaN;
    private double unit = 1;

    double lower() {
        return lower;
    }

    double upper() {
        return upper;
    }

    double unit() {
        return unit;
    }

    /** Fits the bounds to data spanning [min, max]; true when they changed. */
    boolean fit(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            return false;
        }
        boolean inside = min >= lower && max <= upper;
        if (inside && (max - min) >= MIN_FILL * (upper - lower)) {
            return false;
        }
        double span = max - min;
        double lo = min;
        double hi = max;
        if (!Double.isNaN(lower) && span > 0) {
            if (max > upper) {
                hi += HEADROOM * span;
            }
            if (min < lower) {
                lo -= HEADROOM * span;
            }
        }
        if (hi - lo <= 0) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        unit = niceUnit((hi - lo) / TICKS);
        double newLower = Math.floor(lo / unit) * unit;
        double newUpper = Math.ceil(hi / unit) * unit;
        if (newLower == lower && newUpper == upper) {
            return false;
        }
        lower = newLower;
        upper = newUpper;
        return true;
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceUnit(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
