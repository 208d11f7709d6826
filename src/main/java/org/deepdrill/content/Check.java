package org.deepdrill.content;

import java.util.List;

/** An auto-graded check attached to a question: multiple choice or a number with a tolerance. */
public sealed interface Check permits Check.Choice, Check.Numeric {

    String prompt();

    /** The line of the check in its source file. */
    int line();

    /** One option of a multiple-choice check; a wrong option says in one line why it is wrong. */
    record Option(String text, boolean correct, String why) {
    }

    record Choice(String prompt, List<Option> options, int line) implements Check {
        public Choice {
            options = List.copyOf(options);
        }

        public boolean isCorrect(int index) {
            return index >= 0 && index < options.size() && options.get(index).correct();
        }
    }

    record Numeric(String prompt, double answer, double tolerance, String unit, String explain, int line) implements Check {
        public boolean accepts(double value) {
            return Math.abs(value - answer) <= tolerance;
        }
    }
}
