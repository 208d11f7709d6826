package org.deepdrill.demo;

import java.util.List;

/**
 * One typed demo parameter: its range, its default and the smaller value used by quick runs.
 * Numbers are held as doubles; {@link Type#INT} values must be whole.
 */
public record ParamSpec(
        String name,
        String label,
        Type type,
        double min,
        double max,
        String defaultValue,
        String quickValue,
        List<String> choices,
        String help) {

    public enum Type { INT, DOUBLE, BOOL, CHOICE }

    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
        help = help == null ? "" : help;
    }

    public static ParamSpec ofInt(String name, String label, int min, int max, int def, int quick, String help) {
        return new ParamSpec(name, label, Type.INT, min, max, Integer.toString(def), Integer.toString(quick), null, help);
    }

    public static ParamSpec ofDouble(String name, String label, double min, double max, double def, double quick, String help) {
        return new ParamSpec(name, label, Type.DOUBLE, min, max, fmt(def), fmt(quick), null, help);
    }

    public static ParamSpec ofBool(String name, String label, boolean def, boolean quick, String help) {
        return new ParamSpec(name, label, Type.BOOL, 0, 1, Boolean.toString(def), Boolean.toString(quick), null, help);
    }

    public static ParamSpec ofChoice(String name, String label, List<String> choices, String def, String quick, String help) {
        return new ParamSpec(name, label, Type.CHOICE, 0, 0, def, quick, choices, help);
    }

    // --- Named setters: ParamSpec.ofInt("steps", "Training steps").range(10, 500).byDefault(200).quick(50) ---

    public static ParamSpec ofInt(String name, String label) {
        return new ParamSpec(name, label, Type.INT, 0, 0, "0", "0", null, "");
    }

    public static ParamSpec ofDouble(String name, String label) {
        return new ParamSpec(name, label, Type.DOUBLE, 0, 0, "0", "0", null, "");
    }

    /** The usual seed parameter: any of 0..1,000,000, the same default in quick and default runs. */
    public static ParamSpec seed(int def) {
        return ofInt("seed", "Random seed").range(0, 1_000_000).byDefault(def).quick(def);
    }

    public ParamSpec range(double lo, double hi) {
        return new ParamSpec(name, label, type, lo, hi, defaultValue, quickValue, choices, help);
    }

    /** The default value; the quick value follows it unless set after. */
    public ParamSpec byDefault(double v) {
        return new ParamSpec(name, label, type, min, max, fmt(v), fmt(v), choices, help);
    }

    public ParamSpec quick(double v) {
        return new ParamSpec(name, label, type, min, max, defaultValue, fmt(v), choices, help);
    }

    public ParamSpec help(String text) {
        return new ParamSpec(name, label, type, min, max, defaultValue, quickValue, choices, text);
    }

    /** The allowed values in words, for help text and error messages. */
    public String range() {
        return switch (type) {
            case INT -> (long) min + ".." + (long) max;
            case DOUBLE -> fmt(min) + ".." + fmt(max);
            case BOOL -> "true|false";
            case CHOICE -> String.join("|", choices);
        };
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
