package org.deepdrill.demo.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A first run interrupted while DJL unpacked PyTorch leaves a partial tmp folder; the next start removes it. */
class StaleUnpackTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path pytorch;

    private Path folder(String name, Instant modified) throws Exception {
        Path d = Files.createDirectories(pytorch.resolve(name));
        Files.writeString(d.resolve("libtorch.so"), "partial");
        Files.setLastModifiedTime(d, FileTime.from(modified));
        return d;
    }

    @Test
    void removesOnlyOldTmpFoldersOnceTheBuildIsUnpacked() throws Exception {
        Path unpacked = folder("2.5.1-20241113-cpu-linux-x86_64", NOW.minus(Duration.ofDays(1)));
        Path old = folder("tmp4148718674368224298", NOW.minus(Duration.ofHours(2)));
        Path busy = folder("tmp9999", NOW.minus(Duration.ofMinutes(1)));
        Path other = folder("cache-of-something-else", NOW.minus(Duration.ofDays(3)));

        assertEquals(1, NativeSupport.removeStaleUnpacks(unpacked, Duration.ofMinutes(30), NOW));
        assertFalse(Files.exists(old), "the interrupted copy is gone");
        assertTrue(Files.exists(busy), "a copy another process may be writing stays");
        assertTrue(Files.exists(other.resolve("libtorch.so")), "only tmp… folders are touched");
        assertTrue(Files.exists(unpacked.resolve("libtorch.so")), "the unpacked build stays");
    }

    @Test
    void nothingIsRemovedBeforeTheBuildIsUnpacked() throws Exception {
        Path old = folder("tmp123", NOW.minus(Duration.ofHours(2)));
        assertEquals(0, NativeSupport.removeStaleUnpacks(pytorch.resolve("2.5.1-cpu-linux-x86_64"), Duration.ofMinutes(30), NOW));
        assertTrue(Files.exists(old), "it may still be the only copy being unpacked");
    }
}
