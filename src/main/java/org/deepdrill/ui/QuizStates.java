package org.deepdrill.ui;

import org.deepdrill.quiz.CardState;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.QuizBook;
import org.deepdrill.quiz.Stats;

import java.time.Instant;
import java.util.List;

/** A question's place in the quiz, in one word, read through the quiz's own API. */
final class QuizStates {
    /** Predicted recall 30 days ahead from which a card counts as mastered, as on the Stats page. */
    static final double MASTERED = 0.9;

    private QuizStates() {
    }

    /** "new" (never reviewed), "due" (a review is due now), "mastered", or "learning" (scheduled, not yet mastered). */
    static String of(QuizBook book, String questionId, Instant now) {
        Progress p = book.progress();
        CardState c = p.cards().get(questionId);
        if (c == null || c.isNew()) {
            return "new";
        }
        if (c.isDue(now)) {
            return "due";
        }
        return Stats.mastery(book.fsrs(), p, List.of(questionId), now) >= MASTERED ? "mastered" : "learning";
    }
}
