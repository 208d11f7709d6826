package org.deepdrill.demo.run;

import ai.djl.util.Utils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whether the PyTorch natives on the class path fit this computer. Each native jar carries
 * {@code native/lib/pytorch.properties} naming its platform; without a match, the engine cannot
 * load offline, so the app says so at start and keeps reading, search and the quiz.
 */
public final class NativeSupport {
    static final String PROPERTIES = "native/lib/pytorch.properties";

    private NativeSupport() {
    }

    /** Empty when a bundled build fits {@code host}; otherwise the message to show. */
    public static Optional<String> problem(String host, Collection<String> bundled) {
        if (bundled.contains(host)) {
            return Optional.empty();
        }
        String have = bundled.isEmpty() ? "none" : String.join(", ", new TreeSet<>(bundled));
        return Optional.of("Demos are off: this computer is " + host + ", and PyTorch 2.5.1 has no build for it "
                + "in this package (bundled: " + have + "; PyTorch publishes CPU builds for linux-x86_64, "
                + "osx-aarch64 and win-x86_64). Reading, search and the quiz work as usual.");
    }

    /** The problem, if any, for this JVM and class path. */
    public static Optional<String> problem() {
        return problem(HostPlatform.current(), bundled(NativeSupport.class.getClassLoader()));
    }

    /**
     * Where DJL unpacks this computer's PyTorch build on first use ({@code ~/.djl.ai/pytorch/…}),
     * or empty when no bundled build fits. The folder exists once the first run has unpacked it.
     */
    public static Optional<Path> unpackFolder() {
        String host = HostPlatform.current();
        for (Properties p : properties(NativeSupport.class.getClassLoader())) {
            if (host.equals(p.getProperty("classifier", "").trim())) {
                String name = p.getProperty("version", "").trim() + "-" + p.getProperty("flavor", "").trim() + "-" + host;
                return Optional.of(Utils.getEngineCacheDir("pytorch").resolve(name));
            }
        }
        return Optional.empty();
    }

    /**
     * Removes what an interrupted first run left: DJL unpacks into a {@code tmp…} folder beside
     * {@code unpacked} and renames it when done, so a window closed meanwhile leaves a partial copy.
     * Only once {@code unpacked} exists, and only {@code tmp…} folders older than {@code minAge}
     * (another process may be unpacking right now). Returns how many were removed; never throws.
     */
    public static int removeStaleUnpacks(Path unpacked, java.time.Duration minAge, java.time.Instant now) {
        Path parent = unpacked.getParent();
        if (parent == null || !Files.isDirectory(unpacked)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                if (dir.getFileName().toString().startsWith("tmp") && Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(minAge))) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // Only disk space is at stake.
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Bytes under {@code dir} (0 when absent); cheap enough to poll twice a second. */
    public static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The platforms of the PyTorch native jars on the class path. */
    static Set<String> bundled(ClassLoader loader) {
        Set<String> found = new TreeSet<>();
        for (Properties p : properties(loader)) {
            String classifier = p.getProperty("classifier");
            if (classifier != null && !classifier.isBlank()) {
                found.add(classifier.trim());
            }
        }
        return found;
    }

    private static List<Properties> properties(ClassLoader loader) {
        List<Properties> all = new ArrayList<>();
        try {
            Enumeration<URL> urls = loader.getResources(PROPERTIES);
            while (urls.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = urls.nextElement().openStream()) {
                    p.load(in);
                }
                all.add(p);
            }
        } catch (IOException e) {
            // an unreadable jar counts as absent: the message then names what was found
        }
        return all;
    }
}
