package org.deepdrill.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Lifts TeX out of Markdown before parsing, so that underscores and asterisks inside
 * {@code $…$} and {@code $$…$$} are not read as emphasis, and puts it back as escaped text in
 * elements that KaTeX renders. Fenced code and inline code spans are left alone.
 */
final class MathGuard {
    static final String TOKEN = "ZZMATH";

    private final List<String> tex = new ArrayList<>();
    private final List<Boolean> display = new ArrayList<>();

    String protect(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length());
        String[] lines = markdown.split("\n", -1);
        boolean fenced = false;
        StringBuilder block = null;
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            String trimmed = line.strip();
            if (block == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fenced = !fenced;
                out.append(line).append('\n');
                continue;
            }
            if (fenced) {
                out.append(line).append('\n');
                continue;
            }
            if (block != null) {
                int end = line.indexOf("$$");
                if (end >= 0) {
                    block.append(line, 0, end);
                    out.append(placeholder(block.toString(), true)).append(line.substring(end + 2)).append('\n');
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
                continue;
            }
            int open = trimmed.startsWith("$$") ? line.indexOf("$$") : -1;
            if (open >= 0 && line.indexOf("$$", open + 2) < 0) {
                out.append(line, 0, open);
                block = new StringBuilder(line.substring(open + 2)).append('\n');
                continue;
            }
            out.append(inline(line)).append('\n');
        }
        if (block != null) {
            out.append("$$").append(block); // unclosed: leave the text as it was
        }
        return out.length() > 0 ? out.substring(0, out.length() - 1) : "";
    }

    /** Replaces $$…$$ and $…$ on one line, skipping `code spans` and escaped \$. */
    private String inline(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '`') {
                int end = line.indexOf('`', i + 1);
                if (end < 0) {
                    out.append(line.substring(i));
                    break;
                }
                out.append(line, i, end + 1);
                i = end + 1;
            } else if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '$') {
                out.append("\\$");
                i += 2;
            } else if (c == '$') {
                boolean dbl = line.startsWith("$$", i);
                int start = i + (dbl ? 2 : 1);
                int end = dbl ? line.indexOf("$$", start) : closingDollar(line, start);
                if (end < 0 || end == start) {
                    out.append(c);
                    i++;
                    continue;
                }
                out.append(placeholder(line.substring(start, end), dbl));
                i = end + (dbl ? 2 : 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int closingDollar(String line, int from) {
        for (int j = from; j < line.length(); j++) {
            if (line.charAt(j) == '$' && line.charAt(j - 1) != '\\') {
                return j;
            }
        }
        return -1;
    }

    private String placeholder(String body, boolean isDisplay) {
        tex.add(body.strip());
        display.add(isDisplay);
        return TOKEN + (tex.size() - 1) + "Z";
    }

    /** Puts the TeX back into rendered HTML. */
    String restore(String html) {
        String out = html;
        for (int i = tex.size() - 1; i >= 0; i--) {
            String key = TOKEN + i + "Z";
            String esc = escape(tex.get(i));
            if (display.get(i)) {
                String div = "<div class=\"math display\">" + esc + "</div>";
                out = out.replace("<p>" + key + "</p>", div).replace(key, div);
            } else {
                out = out.replace(key, "<span class=\"math inline\">" + esc + "</span>");
            }
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
