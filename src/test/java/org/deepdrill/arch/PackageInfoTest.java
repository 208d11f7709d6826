package org.deepdrill.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every package says what it is for, in a package-info.java. */
class PackageInfoTest {
    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path root = Path.of("src/main/java/org/deepdrill");
        List<String> missing;
        try (Stream<Path> dirs = Files.walk(root)) {
            missing = dirs.filter(Files::isDirectory)
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .map(d -> root.relativize(d).toString())
                    .toList();
        }
        assertEquals(List.of(), missing, "packages without a package-info.java");
    }
}
