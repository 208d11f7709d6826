package org.deepdrill.content;

/** One Markdown document holding every hostile snippet, for the WebView test. */
public final class HostileContentTestData {
    private HostileContentTestData() {
    }

    public static String document() {
        return String.join("\n\n", HostileContentTest.HOSTILE) + "\n";
    }
}
