package org.deepdrill.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentLoaderTest {
    @TempDir
    Path root;

    static final String GOOD = """
            ---
            id: q-good
            section: 1
            title: A good question
            demo: attention-scaling
            keyPoints:
              - one
              - two
              - three
            checks:
              - type: choice
                prompt: Pick the right one
                options:
                  - text: right
                    correct: true
                  - text: wrong
                    why: because it is wrong
              - type: number
                prompt: How many?
                answer: 64
                tolerance: 0.5
            ---
            The answer, with $x_i^2$ math.
            """;

    private void section(String dir, int number) throws IOException {
        Files.createDirectories(root.resolve(dir));
        Files.writeString(root.resolve(dir).resolve("_section.md"), "---\nnumber: " + number + "\ntitle: S" + number + "\n---\nIntro " + number);
    }

    private void write(String dir, String name, String text) throws IOException {
        Files.writeString(root.resolve(dir).resolve(name), text);
    }

    @Test
    void loadsAWellFormedQuestion() throws IOException {
        section("01-a", 1);
        write("01-a", "q1.md", GOOD);
        ContentSet set = ContentLoader.load(root);
        assertEquals(List.of(), set.problems());
        Question q = set.question("q-good").orElseThrow();
        assertEquals("A good question", q.title());
        assertEquals(3, q.keyPoints().size());
        assertEquals(2, q.checks().size());
        Check.Choice c = (Check.Choice) q.checks().get(0);
        assertTrue(c.isCorrect(0));
        assertEquals(11, c.line(), "line of the first check's '- type:'");
        assertTrue(((Check.Numeric) q.checks().get(1)).accepts(64.4));
        assertEquals(23, q.answerLine());
        assertEquals("Intro 1", set.sections().get(0).intro());
    }

    @Test
    void brokenFilesAreReportedWithFileAndLineAndOthersStillLoad() throws IOException {
        section("01-a", 1);
        write("01-a", "q1.md", GOOD);
        write("01-a", "q2.md", GOOD.replace("id: q-good", "id: q-notitle").replace("title: A good question\n", ""));
        write("01-a", "q3.md", GOOD.replace("id: q-good", "id: q-noanswer").replace("The answer, with $x_i^2$ math.\n", ""));
        write("01-a", "q4.md", GOOD.replace("id: q-good", "id: q-badcheck").replace("        why: because it is wrong\n", ""));
        write("01-a", "q5.md", GOOD);
        write("01-a", "q6.md", "no metadata here");
        write("01-a", "q7.md", "---\nid: [unclosed\n---\nbody");
        write("01-a", "q8.md", GOOD.replace("id: q-good", "id: q-tol").replace("tolerance: 0.5", "tolerance: lots"));
        ContentSet set = ContentLoader.load(root);
        assertEquals(List.of("q-good"), set.questions().stream().map(Question::id).toList());
        assertProblem(set, "01-a/q2.md:2: error: question has no 'title'");
        assertProblem(set, "01-a/q3.md:23: error: question has no answer below its metadata");
        assertProblem(set, "01-a/q4.md:11: error: check 1: wrong option 'wrong' needs a one-line 'why'");
        assertProblem(set, "01-a/q5.md:2: error: duplicate question id 'q-good' (first used in 01-a/q1.md)");
        assertProblem(set, "01-a/q6.md:1: error: no metadata block");
        assertProblem(set, "01-a/q7.md:3: error: malformed YAML metadata: while parsing a flow sequence");
        assertProblem(set, "01-a/q8.md:18: error: check 2: 'tolerance' must be a number ≥ 0");
    }

    @Test
    void unknownDemoIsAWarningWithACount() throws IOException {
        section("01-a", 1);
        write("01-a", "q1.md", GOOD.replace("demo: attention-scaling", "demo: not-yet"));
        List<Problem> p = ContentValidator.validate(ContentLoader.load(root), Set.of("attention-scaling")::contains);
        assertTrue(p.stream().allMatch(x -> x.severity() == Problem.Severity.WARNING), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.message().equals("1 question(s) name a demo that is not registered yet")));
    }

    @Test
    void oversizedFileIsRefused() throws IOException {
        section("01-a", 1);
        write("01-a", "q1.md", GOOD + "x".repeat((int) ContentLoader.MAX_FILE_BYTES));
        ContentSet set = ContentLoader.load(root);
        assertTrue(set.questions().isEmpty());
        assertProblem(set, "the limit is 1000000");
    }

    @Test
    void missingFolderIsAProblemNotACrash() {
        ContentSet set = ContentLoader.load(root.resolve("nope"));
        assertEquals(1, set.errorCount());
    }

    private static void assertProblem(ContentSet set, String fragment) {
        assertTrue(set.problems().stream().anyMatch(p -> p.toString().contains(fragment)),
                () -> "no problem containing '" + fragment + "' in\n" + String.join("\n", set.problems().stream().map(Problem::toString).toList()));
    }
}
