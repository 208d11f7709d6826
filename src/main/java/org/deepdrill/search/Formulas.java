package org.deepdrill.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Formula tokens such as {@code d_k}, {@code QKᵀ} or {@code 1/√d_k}: which words of a text are
 * formulas, the one spelling they are indexed under, and the smaller formulas inside them.
 */
final class Formulas {
    static final int MAX_LENGTH = 48;
    private static final String EDGE = ".,;:!?\"'“”‘’`*<>[]{}|";
    private static final Pattern SQRT_CALL = Pattern.compile("sqrt\\(([^()]*)\\)");
    private static final Pattern ROOT_OF_ATOM = Pattern.compile("√\\(([\\p{L}\\p{N}_^]+)\\)");
    private static final String CUTS = "()=,+×*|[]<>≈≤≥";

    private Formulas() {
    }

    /** One spelling for every way of writing the same formula: lower case, ᵀ and ^\\top as ^t, ² as ^2, no TeX braces. */
    static String canonical(String s) {
        String t = spell(s, null);
        if (t.contains("sqrt(")) {
            t = SQRT_CALL.matcher(t).replaceAll("√($1)");
        }
        return t.contains("√(") ? ROOT_OF_ATOM.matcher(t).replaceAll("√$1") : t;
    }

    /**
     * Where a part of a formula is written: start and end inside {@code written}, or null when the
     * part cannot be placed (the whole word is then marked).
     */
    static int[] place(String written, String part) {
        int[] from = new int[written.length() * 2 + 2];
        String t = spell(written, from);
        int at = t.indexOf(part);
        if (at < 0 || t.contains("sqrt(") || t.contains("√(")) {
            return null;
        }
        int last = from[at + part.length() - 1];
        return new int[] {from[at], last + (Character.isHighSurrogate(written.charAt(last)) ? 2 : 1)};
    }

    /** The character-by-character part of {@link #canonical}; {@code from} gets each output char's source index. */
    private static String spell(String s, int[] from) {
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int at = i;
            int before = b.length();
            switch (c) {
                case 'ᵀ' -> b.append("^t");
                case '²' -> b.append("^2");
                case '³' -> b.append("^3");
                case '{', '}', '$' -> {
                }
                case '\\' -> {
                    if (s.startsWith("\\top", i)) {
                        b.append('t');
                        i += 3;
                    } else if (s.startsWith("\\sqrt", i)) {
                        b.append('√');
                        i += 4;
                    }
                }
                default -> b.append(Character.toLowerCase(c));
            }
            for (int k = before; from != null && k < b.length(); k++) {
                from[k] = at;
            }
        }
        return b.toString();
    }

    /** Whether a canonical word is a formula rather than an ordinary word. */
    static boolean isFormula(String t) {
        if (t.length() < 2 || t.length() > MAX_LENGTH || t.contains("://") || t.contains("@")) {
            return false;
        }
        boolean alnum = false;
        for (int i = 0; i < t.length() && !alnum; i++) {
            alnum = Character.isLetterOrDigit(t.charAt(i));
        }
        if (!alnum) {
            return false;
        }
        return t.indexOf('_') >= 0 || t.indexOf('^') >= 0 || t.indexOf('√') >= 0 || t.indexOf('·') >= 0
                || hasDivision(t);
    }

    /** A slash between two operands, as in 1/√d_k, not a lone or trailing one. */
    private static boolean hasDivision(String t) {
        for (int i = 1; i + 1 < t.length(); i++) {
            if (t.charAt(i) == '/') {
                char a = t.charAt(i - 1);
                char b = t.charAt(i + 1);
                if ((Character.isLetterOrDigit(a) || a == ')') && (Character.isLetterOrDigit(b) || b == '√' || b == '(')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The word with punctuation around it removed; brackets only when they are not balanced inside. */
    static String trim(String word) {
        int[] r = trimBounds(word);
        return word.substring(r[0], r[1]);
    }

    /** Start and end of {@link #trim}'s result inside the word. */
    static int[] trimBounds(String word) {
        int a = 0;
        int b = word.length();
        boolean changed = true;
        while (changed && a < b) {
            changed = false;
            char first = word.charAt(a);
            char last = word.charAt(b - 1);
            int balance = balance(word, a, b);
            if (EDGE.indexOf(first) >= 0 || (first == '(' && balance > 0)) {
                a++;
                changed = true;
            } else if (EDGE.indexOf(last) >= 0 || (last == ')' && balance < 0)) {
                b--;
                changed = true;
            } else if (first == '(' && last == ')' && b - a > 2 && balance == 0 && balance(word, a + 1, b - 1) == 0) {
                a++;
                b--;
                changed = true;
            }
        }
        return new int[] {a, b};
    }

    private static int balance(String s, int from, int to) {
        int open = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            open += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return open;
    }

    /** The canonical formula itself, then the formulas inside it: {@code qk^t/√d_k} gives qk^t, √d_k and d_k. */
    static List<String> withParts(String canonical) {
        Set<String> out = new LinkedHashSet<>();
        out.add(canonical);
        for (String piece : pieces(canonical)) {
            addIfFormula(piece, out);
            for (String side : piece.split("/")) {
                addIfFormula(side, out);
                if (side.startsWith("√")) {
                    addIfFormula(side.substring(1), out);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The formula cut at brackets and operators other than / and ·. */
    private static List<String> pieces(String t) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i == t.length() || CUTS.indexOf(t.charAt(i)) >= 0) {
                if (i > from) {
                    out.add(t.substring(from, i));
                }
                from = i + 1;
            }
        }
        return out;
    }

    private static void addIfFormula(String s, Set<String> out) {
        if (isFormula(s)) {
            out.add(s);
        }
    }
}
