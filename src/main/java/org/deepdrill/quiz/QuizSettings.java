package org.deepdrill.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User settings of the quiz: desired retention, new cards per day, fuzz, the mock-interview
 * length, and how many times the plan shows each question before an interview. Stored as JSON
 * beside the progress file; a missing field takes its default, an unreadable file gives defaults.
 */
public record QuizSettings(double desiredRetention, int newPerDay, boolean fuzz, int mockQuestions, int mockMinutes,
                           int timesBeforeInterview) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public QuizSettings {
        if (!(desiredRetention >= 0.7 && desiredRetention <= 0.99)) {
            throw new IllegalArgumentException("desired retention must be in 0.70..0.99, got " + desiredRetention);
        }
        if (newPerDay < 0 || newPerDay > 1000) {
            throw new IllegalArgumentException("new cards per day must be in 0..1000, got " + newPerDay);
        }
        if (mockQuestions < 1 || mockQuestions > 50 || mockMinutes < 1 || mockMinutes > 240) {
            throw new IllegalArgumentException("a mock interview has 1..50 questions and lasts 1..240 minutes");
        }
        if (timesBeforeInterview < 1 || timesBeforeInterview > 5) {
            throw new IllegalArgumentException("times to see each question before the interview must be in 1..5, got " + timesBeforeInterview);
        }
    }

    public static QuizSettings defaults() {
        return new QuizSettings(0.9, 10, false, 5, 30, 2);
    }

    public FsrsParameters parameters() {
        return FsrsParameters.defaults().withRetention(desiredRetention).withFuzz(fuzz);
    }

    public static QuizSettings load(Path file) {
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            QuizSettings d = defaults();
            return new QuizSettings(n.path("desiredRetention").asDouble(d.desiredRetention()), n.path("newPerDay").asInt(d.newPerDay()),
                    n.path("fuzz").asBoolean(d.fuzz()), n.path("mockQuestions").asInt(d.mockQuestions()),
                    n.path("mockMinutes").asInt(d.mockMinutes()), n.path("timesBeforeInterview").asInt(d.timesBeforeInterview()));
        } catch (IOException | RuntimeException e) {
            return defaults();
        }
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ProgressStore.writeDurably(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
