package org.deepdrill.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validated parameter values for one run. Build it with {@link #resolve}. */
public final class Params {
    private final Map<String, String> values;
    private final boolean quick;

    private Params(Map<String, String> values, boolean quick) {
        this.values = Collections.unmodifiableMap(values);
        this.quick = quick;
    }

    /**
     * Checks raw text values against the spec. Missing values take the default, or the quick value
     * when {@code quick} is set. Unknown names, wrong types and out-of-range values throw
     * {@link ParamException} with a message that names the parameter and its allowed range.
     */
    public static Params resolve(DemoSpec spec, Map<String, String> raw, boolean quick) {
        for (String name : raw.keySet()) {
            if (spec.param(name).isEmpty()) {
                throw new ParamException("Unknown parameter '" + name + "' for demo " + spec.id()
                        + "; known: " + String.join(", ", spec.params().stream().map(ParamSpec::name).toList()));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            String text = raw.getOrDefault(p.name(), quick ? p.quickValue() : p.defaultValue());
            out.put(p.name(), check(p, text == null ? "" : text.trim()));
        }
        return new Params(out, quick);
    }

    static String check(ParamSpec p, String text) {
        String where = "Parameter '" + p.name() + "'";
        switch (p.type()) {
            case INT -> {
                long v;
                try {
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new ParamException(where + " must be a whole number in " + p.range() + ", got '" + text + "'");
                }
                if (v < p.min() || v > p.max()) {
                    throw new ParamException(where + " must be in " + p.range() + ", got " + v);
                }
                return Long.toString(v);
            }
            case DOUBLE -> {
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ParamException(where + " must be a number in " + p.range() + ", got '" + text + "'");
                }
                if (!Double.isFinite(v) || v < p.min() || v > p.max()) {
                    throw new ParamException(where + " must be in " + p.range() + ", got " + text);
                }
                return ParamSpec.fmt(v);
            }
            case BOOL -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new ParamException(where + " must be true or false, got '" + text + "'");
                }
                return text.toLowerCase();
            }
            case CHOICE -> {
                if (!p.choices().contains(text)) {
                    throw new ParamException(where + " must be one of " + p.range() + ", got '" + text + "'");
                }
                return text;
            }
            default -> throw new IllegalStateException();
        }
    }

    public boolean quick() {
        return quick;
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    public double getDouble(String name) {
        return Double.parseDouble(get(name));
    }

    public boolean getBool(String name) {
        return Boolean.parseBoolean(get(name));
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("No parameter named " + name);
        }
        return v;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
