package org.deepdrill.quiz;

import java.nio.file.Path;

/** The user's data folder: a setting, an environment variable, or the platform default. */
public final class DataFolder {
    private DataFolder() {
    }

    public static Path locate() {
        String prop = System.getProperty("deepdrill.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("DEEPDRILL_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("deepdrill");
    }
}
