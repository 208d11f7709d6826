package org.deepdrill.search;

import org.deepdrill.content.Question;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a question pack of any size for tests and benchmarks. Each answer is a built-in answer
 * (so the text is as long and as mathematical as the real ones) plus a line with words of its own.
 */
final class GeneratedPack {
    private GeneratedPack() {
    }

    /** The made-up word only pack question {@code i} contains. */
    static String ownWord(int i) {
        return "zorblat" + Integer.toString(i, 26).replaceAll("\\d", "q");
    }

    static Path write(Path dir, int count, List<Question> models) throws IOException {
        Path section = Files.createDirectories(dir.resolve("01-generated"));
        Files.writeString(section.resolve("_section.md"), "---\nnumber: 1\ntitle: Generated questions\n---\nMade by a test.\n");
        for (int i = 0; i < count; i++) {
            Question m = models.get(i % models.size());
            String id = String.format("p%04d-generated", i);
            StringBuilder md = new StringBuilder("---\n")
                    .append("id: ").append(id).append('\n')
                    .append("section: 1\n")
                    .append("title: \"Pack question ").append(i).append(": ").append(m.title().replace("\"", "'")).append("\"\n")
                    .append("demo: attention-scaling\n")
                    .append("keyPoints:\n");
            for (String k : m.keyPoints()) {
                md.append("  - \"").append(k.replace("\\", "\\\\").replace("\"", "'")).append("\"\n");
            }
            md.append("---\n").append(m.answer()).append("\n\nPack note ").append(i).append(": the ")
                    .append(ownWord(i)).append(" effect.\n");
            Files.writeString(section.resolve(id + ".md"), md.toString());
        }
        return dir;
    }
}
