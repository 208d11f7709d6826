package org.deepdrill.quiz;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deck as a tab-separated file that Anki's importer reads: header lines, then one note per
 * line with a stable guid, the question on the front and the answer with key points on the back.
 * Math goes out between \( \) and \[ \], the delimiters Anki hands to MathJax. It carries no review history.
 */
public final class AnkiExport {
    private static final Pattern INLINE = Pattern.compile("<span class=\"math inline\">([^<]*)</span>");
    private static final Pattern DISPLAY = Pattern.compile("<div class=\"math display\">([^<]*)</div>");
    private static final Pattern PRE = Pattern.compile("(?s)<pre[ >].*?</pre>");

    /** One exported note. {@code backHtml} is the rendered answer. */
    public record Note(String guid, String front, String backHtml, List<String> keyPoints, String tag) {
    }

    private AnkiExport() {
    }

    public static String tsv(String deck, List<Note> notes) {
        StringBuilder sb = new StringBuilder();
        sb.append("#separator:tab\n#html:true\n#notetype:Basic\n#deck:").append(clean(deck)).append('\n');
        sb.append("#guid column:1\n#tags column:4\n");
        for (Note n : notes) {
            StringBuilder back = new StringBuilder(ankiHtml(n.backHtml()));
            if (!n.keyPoints().isEmpty()) {
                back.append("<h3>Key points</h3><ul>");
                n.keyPoints().forEach(k -> back.append("<li>").append(escape(k)).append("</li>"));
                back.append("</ul>");
            }
            sb.append(clean(n.guid())).append('\t').append(clean(escape(n.front()))).append('\t')
                    .append(clean(back.toString())).append('\t').append(clean(n.tag())).append('\n');
        }
        return sb.toString();
    }

    /**
     * The renderer's HTML as Anki shows it: math as \(…\) and \[…\] on one line (a line break
     * inside would stop MathJax), line breaks kept as br only inside pre blocks.
     */
    static String ankiHtml(String html) {
        String s = INLINE.matcher(html).replaceAll(m -> Matcher.quoteReplacement("\\(" + oneLine(m.group(1)) + "\\)"));
        s = DISPLAY.matcher(s).replaceAll(m -> Matcher.quoteReplacement("<div>\\[" + oneLine(m.group(1)) + "\\]</div>"));
        StringBuilder out = new StringBuilder();
        Matcher pre = PRE.matcher(s);
        int from = 0;
        while (pre.find()) {
            out.append(oneLine(s.substring(from, pre.start()))).append(pre.group().replace("\r", "").replace("\n", "<br>"));
            from = pre.end();
        }
        return out.append(oneLine(s.substring(from))).toString().strip();
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ');
    }

    /** Tabs and newlines would break the columns: newlines become <br>, tabs spaces. */
    static String clean(String s) {
        return s.replace("\r", "").replace("\t", " ").replace("\n", "<br>");
    }

    /** Text as HTML; quotes too, so that a field never starts with the importer's quote character. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
