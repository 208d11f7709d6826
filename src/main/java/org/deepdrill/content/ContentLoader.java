package org.deepdrill.content;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads a content folder: one sub-folder per section holding {@code _section.md} and one Markdown
 * file per question. Each broken file becomes a {@link Problem} with its file and line; the
 * others still load.
 */
public final class ContentLoader {
    /** Files above this size are refused rather than parsed. */
    public static final long MAX_FILE_BYTES = 1_000_000;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,79}");
    private static final Set<String> QUESTION_KEYS = Set.of("id", "section", "title", "demo", "keyPoints", "checks");

    private final List<Problem> problems = new ArrayList<>();
    private final Path root;

    private ContentLoader(Path root) {
        this.root = root;
    }

    public static ContentSet load(Path root) {
        return new ContentLoader(root).loadAll();
    }

    private ContentSet loadAll() {
        List<Section> sections = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            problems.add(Problem.error(root.toString(), 0, "content folder not found"));
            return new ContentSet(sections, problems);
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.add(Problem.error(root.toString(), 0, "cannot list the content folder: " + e.getMessage()));
            return new ContentSet(sections, problems);
        }
        Map<String, String> seenIds = new HashMap<>();
        for (Path dir : dirs) {
            Section s = loadSection(dir, seenIds);
            if (s != null) {
                sections.add(s);
            }
        }
        sections.sort(Comparator.comparingInt(Section::number));
        Map<String, Path> folders = new HashMap<>();
        for (Section sec : sections) {
            for (Question q : sec.questions()) {
                folders.put(q.id(), root.resolve(q.file()).getParent());
            }
        }
        return new ContentSet(sections, problems, folders);
    }

    private Section loadSection(Path dir, Map<String, String> seenIds) {
        Path head = dir.resolve("_section.md");
        String name = rel(head);
        if (!Files.exists(head)) {
            problems.add(Problem.error(rel(dir), 0, "section folder has no _section.md"));
            return null;
        }
        Doc doc = read(head);
        if (doc == null) {
            return null;
        }
        int number = doc.meta.path("number").asInt(0);
        String title = doc.meta.path("title").asText("").trim();
        if (number < 1) {
            problems.add(Problem.error(name, 2, "section needs a positive 'number'"));
            return null;
        }
        if (title.isEmpty()) {
            problems.add(Problem.error(name, 2, "section needs a 'title'"));
        }
        List<Question> questions = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().startsWith("_"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.add(Problem.error(rel(dir), 0, "cannot list: " + e.getMessage()));
            files = List.of();
        }
        for (Path f : files) {
            Question q = loadQuestion(f, number);
            if (q == null) {
                continue;
            }
            String first = seenIds.putIfAbsent(q.id(), q.file());
            if (first != null) {
                problems.add(Problem.error(q.file(), 2, "duplicate question id '" + q.id() + "' (first used in " + first + ")"));
                continue;
            }
            questions.add(q);
        }
        return new Section(number, title.isEmpty() ? "Section " + number : title, doc.body.strip(), questions);
    }

    private Question loadQuestion(Path file, int sectionNumber) {
        String name = rel(file);
        Doc doc = read(file);
        if (doc == null) {
            return null;
        }
        JsonNode m = doc.meta;
        int before = problems.size();
        m.fieldNames().forEachRemaining(k -> {
            if (!QUESTION_KEYS.contains(k)) {
                problems.add(Problem.warning(name, doc.lineOf(k + ":"), "unknown metadata key '" + k + "'"));
            }
        });
        String id = m.path("id").asText("").trim();
        if (id.isEmpty()) {
            problems.add(Problem.error(name, 2, "question has no 'id'"));
        } else if (!ID.matcher(id).matches()) {
            problems.add(Problem.error(name, doc.lineOf("id:"), "id '" + id + "' must be lower-case letters, digits and dashes"));
        }
        String title = m.path("title").asText("").trim();
        if (title.isEmpty()) {
            problems.add(Problem.error(name, 2, "question has no 'title'"));
        }
        if (m.has("section") && m.path("section").asInt(-1) != sectionNumber) {
            problems.add(Problem.error(name, doc.lineOf("section:"), "'section' is " + m.path("section").asText()
                    + " but the file sits in section " + sectionNumber));
        }
        String demo = m.path("demo").asText("").trim();
        if (demo.isEmpty()) {
            problems.add(Problem.error(name, 2, "question has no 'demo'"));
        }
        if (doc.body.isBlank()) {
            problems.add(Problem.error(name, doc.bodyLine, "question has no answer below its metadata"));
        }
        List<String> keyPoints = new ArrayList<>();
        m.path("keyPoints").forEach(n -> {
            if (!n.asText("").isBlank()) {
                keyPoints.add(n.asText().trim());
            }
        });
        if (keyPoints.isEmpty()) {
            problems.add(Problem.error(name, doc.lineOf("keyPoints:"), "question has no 'keyPoints'"));
        } else if (keyPoints.size() < 3 || keyPoints.size() > 6) {
            problems.add(Problem.warning(name, doc.lineOf("keyPoints:"), "has " + keyPoints.size() + " key points; 3 to 6 work best"));
        }
        List<Check> checks = CheckParser.parse(m.path("checks"), doc, name, problems);
        if (problems.size() > before && problems.subList(before, problems.size()).stream()
                .anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            return null;
        }
        return new Question(id, sectionNumber, title, demo, keyPoints, checks, doc.body.strip(), name, doc.bodyLine);
    }

    private Doc read(Path file) {
        String name = rel(file);
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(Problem.error(name, 0, "file is " + size + " bytes; the limit is " + MAX_FILE_BYTES));
                return null;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            FrontMatter fm = FrontMatter.split(text);
            if (fm == null) {
                problems.add(Problem.error(name, 1, "no metadata block: the file must start with '---', YAML, '---'"));
                return null;
            }
            JsonNode meta;
            try {
                meta = YamlTree.parse(fm.yaml());
            } catch (YamlTree.Malformed e) {
                problems.add(Problem.error(name, fm.fileLine(e.yamlLine), "malformed YAML metadata: " + e.getMessage()));
                return null;
            }
            if (meta == null || !meta.isObject()) {
                problems.add(Problem.error(name, 2, "metadata block is not a YAML mapping"));
                return null;
            }
            return new Doc(meta, fm, fm.body(), fm.bodyLine());
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(name, 0, "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private String rel(Path p) {
        try {
            return root.relativize(p).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    /** A parsed document: metadata, body, and a way to find the line of a metadata entry. */
    record Doc(JsonNode meta, FrontMatter fm, String body, int bodyLine) {
        int lineOf(String prefix) {
            return lineOfNth(prefix, 0);
        }

        /** File line of the n-th YAML line whose trimmed text (after any "- ") starts with prefix. */
        int lineOfNth(String prefix, int n) {
            String[] lines = fm.yaml().split("\n", -1);
            int seen = 0;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.startsWith("- ")) {
                    l = l.substring(2).strip();
                }
                if (l.startsWith(prefix)) {
                    if (seen++ == n) {
                        return fm.fileLine(i);
                    }
                }
            }
            return 2;
        }
    }
}
