package org.deepdrill.ui.quiz;

import org.deepdrill.content.Question;
import org.deepdrill.quiz.Rating;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one mock interview: the drawn questions in order, the grade and time spent on each,
 * and the totals per section for the summary. Plain Java, no JavaFX.
 */
final class MockSession {
    /** One question's outcome; {@code grade} is null when time ran out before it was graded. */
    record Result(Question question, Rating grade, long millis, boolean reached) {
    }

    /** Totals of one section. */
    record SectionTotal(int section, int questions, int graded, double meanGrade, long millis) {
    }

    private final List<Question> questions;
    private final Result[] results;
    private final long limitMillis;
    private int current;
    private long questionStart;

    MockSession(List<Question> questions, long limitMillis, long nowMillis) {
        this.questions = List.copyOf(questions);
        this.results = new Result[questions.size()];
        this.limitMillis = limitMillis;
        this.questionStart = nowMillis;
    }

    List<Question> questions() {
        return questions;
    }

    long limitMillis() {
        return limitMillis;
    }

    int current() {
        return current;
    }

    boolean finished() {
        return current >= questions.size();
    }

    Question currentQuestion() {
        return finished() ? null : questions.get(current);
    }

    /** Records the grade of the current question and moves to the next one. */
    void grade(Rating r, long nowMillis) {
        results[current] = new Result(questions.get(current), r, nowMillis - questionStart, true);
        current++;
        questionStart = nowMillis;
    }

    /** Ends the interview: the question on screen keeps its time, ungraded; later ones were not reached. */
    void stop(long nowMillis) {
        for (int i = current; i < questions.size(); i++) {
            results[i] = new Result(questions.get(i), null, i == current ? nowMillis - questionStart : 0, i == current);
        }
        current = questions.size();
    }

    List<Result> results() {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    List<SectionTotal> bySection() {
        Map<Integer, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results()) {
            groups.computeIfAbsent(r.question().section(), k -> new ArrayList<>()).add(r);
        }
        List<SectionTotal> out = new ArrayList<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<Result> rs = e.getValue();
            List<Result> graded = rs.stream().filter(r -> r.grade() != null).toList();
            double mean = graded.stream().mapToInt(r -> r.grade().value()).average().orElse(Double.NaN);
            long ms = rs.stream().mapToLong(Result::millis).sum();
            out.add(new SectionTotal(e.getKey(), rs.size(), graded.size(), mean, ms));
        });
        return out;
    }
}
