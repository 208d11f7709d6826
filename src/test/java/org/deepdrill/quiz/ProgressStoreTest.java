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

    @Test
    void aFileFromBeforeTheInterviewDateLoadsAndKeepsEverything() throws IOException {
        // written by the previous version: no interviewDate field
        String older = """
                {
                  "version" : 1,
                  "cards" : {
                    "q06-attention-scaling" : {
                      "phase" : "REVIEW", "step" : 0, "stability" : 10.97, "difficulty" : 5.28,
                      "due" : "2026-03-14T09:00:00Z", "lastReview" : "2026-03-03T09:00:00Z"
                    }
                  },
                  "log" : [ { "card" : "q06-attention-scaling", "reviewedAt" : "2026-03-03T09:00:00Z", "rating" : 3, "source" : "self" } ]
                }""";
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        Files.writeString(store.file(), older);
        ProgressStore.Loaded l = store.load();
        assertEquals(List.of(), l.messages());
        assertTrue(l.progress().interviewDate().isEmpty());
        assertEquals(10.97, l.progress().cards().get("q06-attention-scaling").stability(), 1e-12);
        assertEquals(1, l.progress().log().size());

        QuizBook book = new QuizBook(store, FsrsParameters.defaults());
        book.setInterviewDate(java.time.LocalDate.of(2026, 4, 1));
        QuizBook again = new QuizBook(store, FsrsParameters.defaults());
        assertEquals(java.time.LocalDate.of(2026, 4, 1), again.progress().interviewDate().orElseThrow(), "survives a restart");
        assertEquals(1, again.progress().log().size());
        assertTrue(Files.readString(store.file()).contains("\"version\" : 1"), "still format 1: an older DeepDrill reads it and ignores the date");
        again.setInterviewDate(null);
        assertTrue(new QuizBook(store, FsrsParameters.defaults()).progress().interviewDate().isEmpty(), "cleared");
    }

    @Test
    void anUnreadableDateIsDroppedWithANoteAndTheReviewsStay() throws IOException {
        ProgressStore store = new ProgressStore(dir.resolve("progress.json"));
        store.save(withReviews(4));
        Files.writeString(store.file(), Files.readString(store.file()).replace("\"version\" : 1,", "\"version\" : 1, \"interviewDate\" : \"next Tuesday\","));
        ProgressStore.Loaded l = store.load();
        assertEquals(4, l.progress().log().size());
        assertTrue(l.progress().interviewDate().isEmpty());
        assertEquals(1, l.messages().size());
        assertTrue(l.messages().get(0).contains("'next Tuesday'"), l.messages().toString());
    }

    @Test
    void olderSettingsKeepTheirValuesAndGetTheDefaultForTheNewOne() throws IOException {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"desiredRetention\":0.85,\"newPerDay\":4,\"fuzz\":true,\"mockQuestions\":7,\"mockMinutes\":20}");
        QuizSettings s = QuizSettings.load(f);
        assertEquals(new QuizSettings(0.85, 4, true, 7, 20, 2), s);
        new QuizSettings(0.85, 4, true, 7, 20, 3).save(f);
        assertEquals(3, QuizSettings.load(f).timesBeforeInterview());
        Files.writeString(f, "{\"desiredRetention\":0.85,\"timesBeforeInterview\":0}");
        assertEquals(QuizSettings.defaults(), QuizSettings.load(f), "an impossible value gives the defaults");
    }
}
