package org.deepdrill.content;

import java.util.List;

/** One interview question with its model answer (Markdown) and self-quiz material. */
public record Question(String id, int section, String title, String demo, List<String> keyPoints,
                       List<Check> checks, String answer, String file, int answerLine) {
    public Question {
        keyPoints = List.copyOf(keyPoints);
        checks = List.copyOf(checks);
    }
}
