package org.deepdrill.content;

import java.util.List;

/** A numbered section with its introduction and questions, in order. */
public record Section(int number, String title, String intro, List<Question> questions) {
    public Section {
        questions = List.copyOf(questions);
    }
}
