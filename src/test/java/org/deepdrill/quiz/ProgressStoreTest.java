package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressStoreTest {
    @TempDir
    Path dir;
    private final Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
    private final Instant t0 = Instant.parse("2026-03-01T09:00:00Z");

    private Progress withReviews(int n) {
        Progress p = Progress.empty();
        for (int i = 0; i < n; i++) {
            p.grade(fsrs, "q" + (i % 3), Rating.GOOD, t0.plusSeconds(86_400L * i), "self");
        }
        return p;
    }

    @Test
    void roundTripKeepsCardsAndLog() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        Progress p = withReviews(7);
        store.save(p);
        ProgressStore.Loaded back = store.load();
        assertEquals(List.of(), back.messages());
        assertEquals(p.log(), back.progress().log());
        assertEquals(p.cards(), back.progress().cards());
    }

    @Test
    void interruptedSaveLeavesTheOldState() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        store.save(withReviews(3));
        // A crash after the temporary file was written but before the rename: the old file stays.
        Files.writeString(store.temp(), "{\"version\":1,\"cards\":{\"half\":");
        ProgressStore.Loaded back = store.load();
        assertEquals(3, back.progress().log().size());
        // The next save replaces the stale temporary file.
        store.save(withReviews(4));
        assertEquals(4, store.load().progress().log().size());
    }

    @Test
    void corruptFileIsKeptAsideAndTheLastGoodCopyRestored() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        store.save(withReviews(2));
        store.save(withReviews(5)); // the 2-review file is now the backup
        Files.writeString(store.file(), "{ this is not json");
        ProgressStore.Loaded back = store.load();
        assertEquals(2, back.progress().log().size());
        assertTrue(back.messages().get(0).contains("could not be used"), back.messages().toString());
        assertTrue(back.messages().get(0).contains("Restored the last good copy with 2 reviews"), back.messages().toString());
        try (Stream<Path> s = Files.list(dir)) {
            Path aside = s.filter(f -> f.getFileName().toString().contains(".unreadable-")).findFirst().orElseThrow();
            assertEquals("{ this is not json", Files.readString(aside), "the unreadable file is kept byte for byte");
        }
    }

    @Test
    void newerVersionIsNeverOverwritten() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        store.save(withReviews(1));
        store.save(withReviews(2));
        String future = "{\"version\": 99, \"cards\": {}, \"log\": []}";
        Files.writeString(store.file(), future);
        ProgressStore.Loaded back = store.load();
        assertTrue(back.messages().get(0).contains("newer DeepDrill (format 99"), back.messages().toString());
        assertEquals(1, back.progress().log().size());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().contains(".unreadable-")));
        }
    }

    @Test
    void missingFileStartsEmptyWithoutMessage() {
        ProgressStore.Loaded l = new ProgressStore(dir.resolve("none.json")).load();
        assertTrue(l.progress().log().isEmpty());
        assertTrue(l.messages().isEmpty());
    }

    @Test
    void removedQuestionsKeepTheirHistory() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        Progress p = withReviews(3);
        store.save(p);
        List<String> content = List.of("q0"); // q1 and q2 left the content
        assertEquals(List.of(), StudyQueue.build(content, store.load().progress(), t0, 10, java.time.ZoneOffset.UTC));
        assertEquals(3, store.load().progress().cards().size(), "history of removed questions stays");
    }
}
