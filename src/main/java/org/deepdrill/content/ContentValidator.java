package org.deepdrill.content;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Checks across the whole set: loader problems, questions too thin for the quiz, and demo ids
 * that no registered demo has (a warning with a count, so content can land before its demo).
 */
public final class ContentValidator {
    private ContentValidator() {
    }

    public static List<Problem> validate(ContentSet content, Predicate<String> demoExists) {
        List<Problem> out = new ArrayList<>(content.problems());
        int missing = 0;
        for (Question q : content.questions()) {
            if (!demoExists.test(q.demo())) {
                missing++;
                out.add(Problem.warning(q.file(), 2, "demo '" + q.demo() + "' is not registered yet"));
            }
            if (q.checks().size() < 2) {
                out.add(Problem.warning(q.file(), 2, "has " + q.checks().size() + " checks; at least 2 are expected"));
            }
        }
        if (missing > 0) {
            out.add(Problem.warning("content", 0, missing + " question(s) name a demo that is not registered yet"));
        }
        return out;
    }
}
