package org.deepdrill.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Answer bodies as they look after KaTeX and highlight.js ran, kept on disk, so that a page seen
 * before loads without those scripts (parsing them is about a quarter of a page's load). An entry
 * is found by a hash of the body before rendering and of the renderer versions, so edited content
 * or a new KaTeX simply misses. Only a cache: unreadable or odd files count as misses.
 */
final class RenderCache {
    static final int MAX_FILES = 300;
    static final int MAX_CHARS = 2_000_000;

    private final Path dir;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "render-cache");
        t.setDaemon(true);
        return t;
    });

    RenderCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of the user's data folder. */
    static RenderCache in(Path dataFolder) {
        return new RenderCache(dataFolder.resolve("cache").resolve("answers"));
    }

    /** The key of a body before rendering, for these renderer versions. */
    static String key(String bodyHtml, String renderers) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(renderers.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(bodyHtml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    Optional<String> get(String key) {
        Path f = file(key);
        try {
            if (f == null || !Files.isRegularFile(f) || Files.size(f) > 4L * MAX_CHARS) {
                return Optional.empty();
            }
            String html = Files.readString(f, StandardCharsets.UTF_8);
            return html.isEmpty() || html.length() > MAX_CHARS ? Optional.empty() : Optional.of(html);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Stores the rendered body on a worker; a failure to write only means a later miss. */
    void put(String key, String html) {
        Path f = file(key);
        if (f == null || html == null || html.isEmpty() || html.length() > MAX_CHARS) {
            return;
        }
        try {
            writer.execute(() -> write(f, html));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The app is closing: the page is rendered again next time.
        }
    }

    /** Finishes pending writes (at most a second) and stops the writer: called when the app closes. */
    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for pending writes (tests). */
    void flush() throws InterruptedException, java.util.concurrent.ExecutionException {
        writer.submit(() -> { }).get();
    }

    private void write(Path f, String html) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "answer", ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // A cache that cannot be written is only slower.
        }
    }

    /** Keeps the newest MAX_FILES entries. */
    private void prune() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".html")).toList();
        }
        if (files.size() <= MAX_FILES) {
            return;
        }
        files.stream().sorted(Comparator.comparingLong(RenderCache::modified)).limit(files.size() - MAX_FILES)
                .forEach(p -> p.toFile().delete());
    }

    private static long modified(Path p) {
        return p.toFile().lastModified();
    }

    /** Only keys this class made (hex) name files: nothing else can reach outside the folder. */
    private Path file(String key) {
        return key != null && key.matches("[0-9a-f]{64}") ? dir.resolve(key + ".html") : null;
    }
}
