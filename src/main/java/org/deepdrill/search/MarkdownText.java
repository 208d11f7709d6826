package org.deepdrill.search;

/**
 * Markdown as the reader sees it, in plain text: markers, link targets and fences dropped, code and
 * raw HTML kept as the text they are shown as, and TeX turned into readable formulas by
 * {@link TexText}. One pass over the characters with no recursion, so a hostile document costs
 * time in proportion to its length and nothing more.
 */
final class MarkdownText {
    private MarkdownText() {
    }

    static String of(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length());
        boolean fenced = false;
        StringBuilder math = null;
        for (String line : markdown.split("\n", -1)) {
            String t = line.strip();
            if (math == null && (t.startsWith("```") || t.startsWith("~~~"))) {
                fenced = !fenced;
                out.append('\n');
                continue;
            }
            if (fenced) {
                out.append(line).append('\n');
                continue;
            }
            if (math != null) {
                int end = line.indexOf("$$");
                if (end < 0) {
                    math.append(line).append(' ');
                    continue;
                }
                math.append(line, 0, end);
                out.append(TexText.of(math)).append('\n');
                math = null;
                inline(line.substring(end + 2), out);
                out.append('\n');
                continue;
            }
            int body = blockStart(line);
            String rest = line.substring(body);
            if (rest.startsWith("$$") && rest.indexOf("$$", 2) < 0) {
                math = new StringBuilder(rest.substring(2)).append(' ');
                continue;
            }
            if (isTableRule(rest)) {
                continue;
            }
            inline(rest, out);
            out.append('\n');
        }
        if (math != null) {
            out.append(TexText.of(math));
        }
        return out.toString().replace('\r', ' ');
    }

    /** Skips quote markers, heading hashes and list markers at the start of a line. */
    static int blockStart(String line) {
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '>' || c == '#') {
                i++;
            } else if ((c == '-' || c == '*' || c == '+') && i + 1 < n && line.charAt(i + 1) == ' ') {
                i += 2;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && j - i < 9 && Character.isDigit(line.charAt(j))) {
                    j++;
                }
                if (j + 1 < n && (line.charAt(j) == '.' || line.charAt(j) == ')') && line.charAt(j + 1) == ' ') {
                    i = j + 2;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isTableRule(String s) {
        if (!s.contains("---")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Inline markup of one line: code spans, math, links, emphasis and escapes. */
    static void inline(String s, StringBuilder out) {
        int n = s.length();
        int i = 0;
        java.util.Set<Integer> unclosedRuns = new java.util.HashSet<>(); // a failed search never succeeds later
        boolean noCloseParen = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n && isPunct(s.charAt(i + 1))) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '`') {
                int run = run(s, i, '`');
                int close = unclosedRuns.contains(run) ? -1 : s.indexOf("`".repeat(run), i + run);
                if (close < 0) {
                    unclosedRuns.add(run);
                    out.append(s, i, i + run);
                    i += run;
                } else {
                    out.append(s, i + run, close);
                    i = close + run;
                }
            } else if (c == '$') {
                int open = s.startsWith("$$", i) ? 2 : 1;
                int close = open == 2 ? s.indexOf("$$", i + 2) : closingDollar(s, i + 1);
                if (close <= i + open) {
                    out.append(c);
                    i++;
                } else {
                    out.append(TexText.of(s.substring(i + open, close)));
                    i = close + open;
                }
            } else if (c == ']' && i + 1 < n && s.charAt(i + 1) == '(' && !noCloseParen) {
                int close = s.indexOf(')', i + 2);
                noCloseParen = close < 0;
                i = close < 0 ? i + 1 : close + 1;
            } else if (c == '[' || c == ']' || c == '*' || c == '|' || (c == '!' && i + 1 < n && s.charAt(i + 1) == '[')) {
                out.append(c == '|' ? " " : "");
                i++;
            } else if (c == '~' && i + 1 < n && s.charAt(i + 1) == '~') {
                i += 2;
            } else if (c == '_' && !(i > 0 && isWord(s.charAt(i - 1)) && i + 1 < n && isWord(s.charAt(i + 1)))) {
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
    }

    private static int run(String s, int from, char c) {
        int j = from;
        while (j < s.length() && s.charAt(j) == c) {
            j++;
        }
        return j - from;
    }

    private static int closingDollar(String s, int from) {
        for (int j = from; j < s.length(); j++) {
            if (s.charAt(j) == '$' && s.charAt(j - 1) != '\\') {
                return j;
            }
        }
        return -1;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static boolean isPunct(char c) {
        return c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
    }
}
