package org.deepdrill.content;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the content folder: the {@code deepdrill.content} system property, then the
 * {@code DEEPDRILL_CONTENT} environment variable, then the copy bundled in the jar.
 */
public final class ContentLocator {
    private ContentLocator() {
    }

    public static Path locate() {
        String prop = System.getProperty("deepdrill.content");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("DEEPDRILL_CONTENT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return bundled();
    }

    static Path bundled() {
        URL url = ContentLocator.class.getResource("/content/01-architectures/_section.md");
        if (url == null) {
            return Path.of("content");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException ignored) {
                    // opened before: reuse it
                }
            }
            return Path.of(uri).getParent().getParent();
        } catch (URISyntaxException | IOException e) {
            return Path.of("content");
        }
    }

    public static boolean exists(Path p) {
        return Files.isDirectory(p);
    }
}
