package org.deepdrill.quiz;

import java.util.List;

/**
 * The deck as a tab-separated file that Anki's importer reads: header lines, then one note per
 * line with a stable guid, the question on the front and the answer with key points on the back.
 * It carries no review history.
 */
public final class AnkiExport {
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
            StringBuilder back = new StringBuilder(n.backHtml());
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

    /** Tabs and newlines would break the columns: newlines become <br>, tabs spaces. */
    static String clean(String s) {
        return s.replace("\r", "").replace("\t", " ").replace("\n", "<br>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
