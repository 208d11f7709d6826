package org.deepdrill.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the formulas of a text ({@link Formulas}) with their offsets. Only words holding a formula
 * mark are looked at, so a text costs one pass over its characters. When indexing, each formula
 * also brings the formulas inside it at the same position, so that {@code d_k} finds a text that
 * only says {@code 1/√d_k}; a query keeps the formula whole.
 */
final class FormulaCutter {
    /** Words longer than this are not formulas and are not examined. */
    static final int MAX_WORD = 200;

    /** Receives each formula term: its text, offsets and position increment (0: same place as the last). */
    interface Sink {
        void add(String term, int start, int end, int increment);
    }

    private FormulaCutter() {
    }

    static void cut(String text, boolean withParts, Sink sink) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isMark(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                start--;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end - start <= MAX_WORD) {
                add(text.substring(start, end), start, withParts, sink);
            }
            i = end;
        }
    }

    static boolean isMark(char c) {
        return switch (c) {
            case '_', '^', '/', '√', 'ᵀ', '²', '³', '·', '\\' -> true;
            default -> false;
        };
    }

    private record Part(String text, int start, int end) {
    }

    private static void add(String word, int at, boolean withParts, Sink sink) {
        int[] r = Formulas.trimBounds(word);
        String written = word.substring(r[0], r[1]);
        String canonical = Formulas.canonical(written);
        if (!Formulas.isFormula(canonical)) {
            return;
        }
        List<String> forms = withParts ? Formulas.withParts(canonical) : List.of(canonical);
        List<Part> parts = new ArrayList<>(forms.size());
        for (int k = 0; k < forms.size(); k++) {
            // a part gets its own offsets where it can be placed, so that only d_k is marked in 1/√d_k
            int[] p = k == 0 ? null : Formulas.place(written, forms.get(k));
            int start = at + r[0] + (p == null ? 0 : p[0]);
            int end = at + r[0] + (p == null ? written.length() : p[1]);
            parts.add(new Part(forms.get(k), start, end));
        }
        parts.sort(java.util.Comparator.comparingInt(Part::start)); // offsets must never go backwards
        for (int k = 0; k < parts.size(); k++) {
            Part p = parts.get(k);
            sink.add(p.text(), p.start(), p.end(), k == 0 ? 1 : 0);
        }
    }

    /** For tests: the terms of a text, in order. */
    static List<String> terms(String text, boolean withParts) {
        List<String> out = new ArrayList<>();
        cut(text, withParts, (t, s, e, inc) -> out.add(t.toLowerCase(Locale.ROOT)));
        return out;
    }
}
