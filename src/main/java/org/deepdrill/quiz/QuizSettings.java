package org.deepdrill.quiz;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User settings of the quiz: desired retention, new cards per day, fuzz, and the mock-interview
 * length. Stored as JSON beside the progress file; an unreadable file falls back to defaults.
 */
public record QuizSettings(double desiredRetention, int newPerDay, boolean fuzz, int mockQuestions, int mockMinutes) {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
    }

    public static QuizSettings defaults() {
        return new QuizSettings(0.9, 10, false, 5, 30);
    }

    public FsrsParameters parameters() {
        return FsrsParameters.defaults().withRetention(desiredRetention).withFuzz(fuzz);
    }

    public static QuizSettings load(Path file) {
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), QuizSettings.class) : defaults();
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
