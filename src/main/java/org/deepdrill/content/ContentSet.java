package org.deepdrill.content;

import java.util.List;
import java.util.Optional;

/** Everything loaded from a content folder, with the problems found on the way. */
public record ContentSet(List<Section> sections, List<Problem> problems, java.util.Map<String, java.nio.file.Path> folders) {
    public ContentSet {
        sections = List.copyOf(sections);
        problems = List.copyOf(problems);
        folders = java.util.Map.copyOf(folders);
    }

    public ContentSet(List<Section> sections, List<Problem> problems) {
        this(sections, problems, java.util.Map.of());
    }

    /** The folder a question's file sits in, for resolving its images; empty if unknown. */
    public Optional<java.nio.file.Path> folderOf(String questionId) {
        return Optional.ofNullable(folders.get(questionId));
    }

    public List<Question> questions() {
        return sections.stream().flatMap(s -> s.questions().stream()).toList();
    }

    public Optional<Question> question(String id) {
        return questions().stream().filter(q -> q.id().equals(id)).findFirst();
    }

    public long errorCount() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    }
}
