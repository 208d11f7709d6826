package org.deepdrill.ui.quiz;

import javafx.application.Platform;
import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Rating;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Grades cards on one background thread, so the atomic JSON save never stalls the UI, and hands
 * the outcome back on the FX thread. One thread keeps the saves in order.
 */
final class Grader {
    private static final ExecutorService SAVES = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quiz-save");
        t.setDaemon(true);
        return t;
    });

    private final QuizBook book;

    Grader(QuizBook book) {
        this.book = book;
    }

    /**
     * Grades and saves. {@code done} runs on the FX thread either way; when the save failed the grade
     * stays in memory (it is written with the next save) and {@code error} carries the message.
     */
    void grade(String cardId, Rating rating, Instant now, String source, Consumer<CardState> done, Consumer<String> error) {
        SAVES.execute(() -> {
            try {
                CardState next = book.grade(cardId, rating, now, source);
                Platform.runLater(() -> done.accept(next));
            } catch (Exception e) {
                String msg = "Could not save your progress (" + e.getMessage() + "). The grade is kept in memory and "
                        + "will be written with the next review.";
                Platform.runLater(() -> {
                    error.accept(msg);
                    done.accept(book.progress().cards().get(cardId));
                });
            }
        });
    }
}
