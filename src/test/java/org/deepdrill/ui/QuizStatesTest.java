package org.deepdrill.ui;

import org.deepdrill.quiz.FsrsParameters;
import org.deepdrill.quiz.ProgressStore;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuizStatesTest {
    @TempDir
    Path dir;

    @Test
    void newLearningDueAndMastered() throws Exception {
        QuizBook book = new QuizBook(new ProgressStore(dir.resolve("progress.json")), FsrsParameters.defaults());
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        assertEquals("new", QuizStates.of(book, "q1", t));
        book.grade("q1", Rating.GOOD, t, "test");
        assertEquals("learning", QuizStates.of(book, "q1", t.plusSeconds(60)));
        assertEquals("due", QuizStates.of(book, "q1", t.plus(Duration.ofDays(60))));
        for (int i = 0; i < 8; i++) { // review on time, always easy: the interval grows past months
            t = book.progress().cards().get("q1").due();
            book.grade("q1", Rating.EASY, t, "test");
        }
        assertEquals("mastered", QuizStates.of(book, "q1", t.plusSeconds(60)));
    }
}
