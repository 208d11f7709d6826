package org.deepdrill.ui;

/** Placeholder entry until the shell lands in the next commit. */
public final class DeskApp {
    private DeskApp() {
    }

    public static void launchApp(String[] args) {
        throw new UnsupportedOperationException("window not built yet");
    }
}
