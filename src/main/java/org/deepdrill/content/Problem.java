package org.deepdrill.content;

/** One thing wrong with the content, with the file and line it was found at. */
public record Problem(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(String file, int line, String message) {
        return new Problem(Severity.ERROR, file, line, message);
    }

    public static Problem warning(String file, int line, String message) {
        return new Problem(Severity.WARNING, file, line, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
