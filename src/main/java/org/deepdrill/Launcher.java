package org.deepdrill;

import org.deepdrill.cli.Cli;
import org.deepdrill.demo.run.DjlSetup;

/**
 * Entry point. With no arguments, or only options such as {@code --exit-after-render}, it opens the
 * window; with a command ({@code content}, {@code demo}, …) it runs the CLI and never starts JavaFX.
 * It does not extend Application, so JavaFX can sit on the plain classpath. From {@code java -jar},
 * the window may restart once with the build's class-data archive ({@link ArchiveRelaunch}).
 */
public final class Launcher {
    /** Set as early as possible: start-up time is measured from here when the JVM start is unknown. */
    public static final long LAUNCHED_NANOS = System.nanoTime();

    private Launcher() {
    }

    public static void main(String[] args) {
        DjlSetup.configure();
        if (args.length == 0 || args[0].startsWith("--")) {
            java.util.OptionalInt restarted = ArchiveRelaunch.tryRelaunch(args);
            if (restarted.isPresent()) {
                System.exit(restarted.getAsInt());
            }
            org.deepdrill.ui.DeskApp.launchApp(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
