package org.deepdrill.content;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code checks} list of a question, reporting each malformed check at its line. */
final class CheckParser {
    private CheckParser() {
    }

    static List<Check> parse(JsonNode list, ContentLoader.Doc doc, String file, List<Problem> problems) {
        List<Check> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            problems.add(Problem.warning(file, 2, "question has no auto-graded 'checks'"));
            return out;
        }
        if (!list.isArray()) {
            problems.add(Problem.error(file, doc.lineOf("checks:"), "'checks' must be a list"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            int line = doc.lineOfNth("type:", i);
            String type = c.path("type").asText("");
            String prompt = c.path("prompt").asText("").trim();
            String where = "check " + (i + 1);
            if (prompt.isEmpty()) {
                problems.add(Problem.error(file, line, where + " has no 'prompt'"));
                continue;
            }
            switch (type) {
                case "choice" -> {
                    Check.Choice ch = choice(c, prompt, line, file, where, problems);
                    if (ch != null) {
                        out.add(ch);
                    }
                }
                case "number" -> {
                    JsonNode a = c.path("answer");
                    JsonNode t = c.path("tolerance");
                    if (!a.isNumber()) {
                        problems.add(Problem.error(file, line, where + ": 'answer' must be a number"));
                    } else if (!t.isNumber() || t.asDouble() < 0) {
                        problems.add(Problem.error(file, line, where + ": 'tolerance' must be a number ≥ 0"));
                    } else {
                        out.add(new Check.Numeric(prompt, a.asDouble(), t.asDouble(), c.path("unit").asText(""),
                                c.path("explain").asText(""), line));
                    }
                }
                default -> problems.add(Problem.error(file, line, where + " has type '" + type
                        + "'; use 'choice' or 'number'"));
            }
        }
        return out;
    }

    private static Check.Choice choice(JsonNode c, String prompt, int line, String file, String where, List<Problem> problems) {
        JsonNode opts = c.path("options");
        if (!opts.isArray() || opts.size() < 2) {
            problems.add(Problem.error(file, line, where + ": a choice needs at least two 'options'"));
            return null;
        }
        List<Check.Option> options = new ArrayList<>();
        int correct = 0;
        for (JsonNode o : opts) {
            String text = o.path("text").asText("").trim();
            boolean ok = o.path("correct").asBoolean(false);
            String why = o.path("why").asText("").trim();
            if (text.isEmpty()) {
                problems.add(Problem.error(file, line, where + ": an option has no 'text'"));
                return null;
            }
            if (!ok && why.isEmpty()) {
                problems.add(Problem.error(file, line, where + ": wrong option '" + text + "' needs a one-line 'why'"));
                return null;
            }
            correct += ok ? 1 : 0;
            options.add(new Check.Option(text, ok, why));
        }
        if (correct != 1) {
            problems.add(Problem.error(file, line, where + ": exactly one option must be 'correct: true', found " + correct));
            return null;
        }
        return new Check.Choice(prompt, options, line);
    }
}
