package org.deepdrill.content;

/**
 * Splits a Markdown document into its YAML metadata block (between two {@code ---} lines at the
 * top) and its body, remembering the line the body starts on.
 */
record FrontMatter(String yaml, String body, int bodyLine) {

    /** Returns null when the document does not open with a metadata block. */
    static FrontMatter split(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.replace("\r\n", "\n");
        if (!t.startsWith("---\n")) {
            return null;
        }
        int end = t.indexOf("\n---", 3);
        while (end >= 0) {
            int after = end + 4;
            if (after >= t.length() || t.charAt(after) == '\n') {
                break;
            }
            end = t.indexOf("\n---", after);
        }
        if (end < 0) {
            return null;
        }
        String yaml = t.substring(4, end + 1);
        int bodyStart = Math.min(t.length(), end + 5);
        int bodyLine = 1 + (int) t.substring(0, bodyStart).chars().filter(c -> c == '\n').count();
        return new FrontMatter(yaml, t.substring(bodyStart), bodyLine);
    }

    /** The file line of the n-th (0-based) line of the YAML block. */
    int fileLine(int yamlLine) {
        return yamlLine + 2;
    }
}
