package org.deepdrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    record Out(int code, String out, String err) {
    }

    static Out run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Out(code, o.toString(), e.toString());
    }

    @Test
    void demoRunJsonHasTheDocumentedShape() throws Exception {
        Out r = run("demo", "run", "attention-scaling", "--quick", "--json", "--param", "maxDk=256");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("attention-scaling", j.path("id").asText());
        assertTrue(j.path("device").asText().matches("cpu|gpu"), j.path("device").asText());
        assertTrue(j.path("claims").get(0).has("id") && j.path("claims").get(0).has("kind"), j.path("claims").toString());
        assertTrue(j.path("break").isMissingNode(), "a normal run names no break");
        assertTrue(j.path("elapsedMillis").asLong() > 0);
        assertTrue(j.path("claims").size() >= 4);
        assertTrue(j.path("claims").get(0).has("statement") && j.path("claims").get(0).has("measured") && j.path("claims").get(0).has("holds"));
        assertTrue(j.path("metrics").has("slope unscaled"));
    }

    @Test
    void badInputExitsTwoWithAMessage() {
        Out unknown = run("demo", "run", "no-such-demo");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown demo id 'no-such-demo'"), unknown.err());
        Out range = run("demo", "run", "attention-scaling", "--param", "maxDk=2");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("Parameter 'maxDk' must be in 256..4096, got 2"), range.err());
        Out form = run("demo", "run", "attention-scaling", "--param", "maxDk");
        assertEquals(2, form.code());
        assertTrue(form.err().contains("NAME=VALUE"), form.err());
    }

    @Test
    void contentCheckWithPacksReportsABrokenPackByFileAndLine(@TempDir Path data) throws Exception {
        Path sec = Files.createDirectories(data.resolve("packs/team/01-mine"));
        Files.writeString(sec.resolve("_section.md"), "---\nnumber: 1\ntitle: Mine\n---\nMine.");
        Files.writeString(sec.resolve("q1.md"), "---\nid: [unclosed\n---\nbody");
        String old = System.getProperty("deepdrill.data");
        System.setProperty("deepdrill.data", data.toString());
        try {
            assertEquals(0, run("content", "check").code(), "built-in content alone is clean");
            Out r = run("content", "check", "--packs");
            assertEquals(1, r.code(), r.out());
            assertTrue(r.out().contains("pack team/01-mine/q1.md:3: error: malformed YAML metadata"), r.out());
        } finally {
            if (old == null) {
                System.clearProperty("deepdrill.data");
            } else {
                System.setProperty("deepdrill.data", old);
            }
        }
    }

    @Test
    void breakRunExitsZeroNamesTheBreakAndFailsItsClaims() throws Exception {
        Out r = run("demo", "run", "attention-scaling", "--quick", "--json", "--break", "no-scaling", "--param", "maxDk=256");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("no-scaling", j.path("break").asText());
        boolean flipped = false;
        for (JsonNode c : j.path("claims")) {
            if (c.path("id").asText().equals("sharpness-kept")) {
                flipped = !c.path("holds").asBoolean();
            }
        }
        assertTrue(flipped, j.path("claims").toString());
        Out unknown = run("demo", "run", "attention-scaling", "--quick", "--break", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown break 'nope'") && unknown.err().contains("no-scaling"), unknown.err());
    }

    @Test
    void demoListJsonNamesEveryDemoWithItsBreaks() throws Exception {
        Out r = run("demo", "list", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode demos = new ObjectMapper().readTree(r.out()).path("demos");
        assertTrue(demos.size() >= 33, "demos: " + demos.size());
        JsonNode first = null;
        for (JsonNode d : demos) {
            assertTrue(d.has("id") && d.has("title") && d.path("questions").isArray() && d.path("breaks").isArray(), d.toString());
            if (d.path("id").asText().equals("attention-scaling")) {
                first = d;
            }
        }
        JsonNode b = first.path("breaks").get(0);
        assertEquals("no-scaling", b.path("name").asText());
        assertTrue(b.has("description") && b.path("flips").toString().contains("sharpness-kept"), b.toString());
    }

    @Test
    void demoListAndHelp() {
        Out list = run("demo", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("attention-scaling\t")), list.out());
        Out help = run("demo", "run", "attention-scaling", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("maxDk") && help.out().contains("256..4096"), help.out());
        assertTrue(help.out().contains("--break") && help.out().contains("divide-by-dk"), help.out());
    }

    @Test
    void contentListJsonAndCheck() throws Exception {
        Out list = run("content", "list", "--json", "--dir", "content");
        JsonNode j = new ObjectMapper().readTree(list.out());
        assertEquals(7, j.path("sections").size());
        JsonNode q = j.path("sections").get(1).path("questions").get(0);
        assertTrue(q.has("id") && q.has("title") && q.has("demo") && q.has("checks") && q.has("keyPoints"), q.toString());
        Out check = run("content", "check", "--dir", "content");
        assertEquals(0, check.code(), check.out());
        assertTrue(check.out().contains(" 0 error(s)"), check.out());
    }

    @Test
    void contentCheckFailsOnABrokenFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("01-x"));
        Files.writeString(dir.resolve("01-x/_section.md"), "---\nnumber: 1\ntitle: X\n---\nintro");
        Files.writeString(dir.resolve("01-x/q1.md"), "---\nid: q1\n---\n");
        Out check = run("content", "check", "--dir", dir.toString());
        assertEquals(1, check.code());
        assertTrue(check.out().contains("01-x/q1.md:2: error: question has no 'title'"), check.out());
    }

    @Test
    void quizReplayPrintsJsonLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.csv");
        Files.writeString(log, "card,reviewed_at,rating\nq6,2026-01-05T08:00:00Z,3\nq6,2026-01-05T08:10:00Z,3\nq6,2026-01-07T08:10:00Z,4\n");
        Out r = run("quiz", "replay", log.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length);
        JsonNode last = new ObjectMapper().readTree(lines[2]);
        for (String f : new String[] {"card", "reviewed_at", "rating", "stability", "difficulty", "due"}) {
            assertTrue(last.has(f), f);
        }
        assertEquals(4, last.path("rating").asInt());
        Out bad = run("quiz", "replay", dir.resolve("missing.csv").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no such file"), bad.err());
    }

    @Test
    void quizForecastOfAReplayedLogIsThePublishedRetrievability(@TempDir Path dir) throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.time.Instant t1 = now.minus(java.time.Duration.ofDays(9));
        java.time.Instant t2 = t1.plusSeconds(600);
        java.time.Instant t3 = now.minus(java.time.Duration.ofDays(5));
        String csv = "card,reviewed_at,rating\nq06-attention-scaling," + t1 + ",3\nq06-attention-scaling," + t2 + ",3\n"
                + "q06-attention-scaling," + t3 + ",3\nq01-residual-dense-highway," + t3 + ",2\n";
        Path log = dir.resolve("log.csv");
        Files.writeString(log, csv);
        java.time.LocalDate date = java.time.LocalDate.now().plusDays(30);
        Out r = run("quiz", "forecast", "--on", date.toString(), "--log", log.toString(), "--json", "--dir", "content");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(date.toString(), j.path("date").asText());

        java.util.List<org.deepdrill.quiz.ReplayLog.Step> steps = org.deepdrill.quiz.ReplayLog.replay(new java.io.StringReader(csv),
                new org.deepdrill.quiz.Fsrs(org.deepdrill.quiz.FsrsParameters.defaults()));
        java.time.Instant at = date.atTime(9, 0).atZone(java.time.ZoneId.systemDefault()).toInstant();
        double w20 = org.deepdrill.quiz.FsrsParameters.DEFAULT_WEIGHTS[20];
        double f = Math.pow(0.9, -1 / w20) - 1;
        java.util.Map<String, Double> expected = new java.util.HashMap<>();
        for (int i : new int[] {2, 3}) {
            org.deepdrill.quiz.ReplayLog.Step s = steps.get(i);
            double t = java.time.Duration.between(s.reviewedAt(), at).getSeconds() / 86400.0;
            expected.put(s.card(), Math.pow(1 + f * t / s.stability(), -w20));
        }
        assertEquals(2, j.path("cards").size());
        for (JsonNode c : j.path("cards")) {
            assertEquals(expected.get(c.path("card").asText()), c.path("retrievability").asDouble(), 1e-9, c.toString());
            assertTrue(c.path("stability").asDouble() > 0);
        }
        org.deepdrill.content.ContentSet content = org.deepdrill.content.ContentLoader.load(Path.of("content"));
        int total = content.questions().size();
        double sum = expected.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(sum / total, j.path("overall").asDouble(), 1e-9, "never-studied questions count 0");
        assertEquals(7, j.path("sections").size());
        JsonNode s2 = j.path("sections").get(1);
        assertEquals(2, s2.path("number").asInt());
        int inSection2 = content.sections().get(1).questions().size();
        assertEquals(expected.get("q06-attention-scaling") / inSection2, s2.path("recall").asDouble(), 1e-9);
    }

    @Test
    void quizForecastRefusesBadDatesWithExitTwoAndNoStackTrace(@TempDir Path dir) throws Exception {
        String past = java.time.LocalDate.now().minusDays(1).toString();
        Out old = run("quiz", "forecast", "--on", past, "--data", dir.toString());
        assertEquals(2, old.code());
        assertTrue(old.err().contains("--on " + past + " is in the past"), old.err());
        for (String bad : new String[] {"2026-13-45", "next friday", ""}) {
            Out r = run("quiz", "forecast", "--on", bad, "--data", dir.toString());
            assertEquals(2, r.code(), bad);
            assertTrue(r.err().contains("is not a date such as"), r.err());
            assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
        }
        assertEquals(2, run("quiz", "forecast", "--data", dir.toString()).code(), "--on is required");
        Path log = dir.resolve("bad.csv");
        Files.writeString(log, "card,reviewed_at,rating\nq1,2026-01-01T00:00:00Z,7\n");
        Out badLog = run("quiz", "forecast", "--on", java.time.LocalDate.now().toString(), "--log", log.toString());
        assertEquals(2, badLog.code());
        assertTrue(badLog.err().contains("line 2: rating must be 1, 2, 3 or 4"), badLog.err());
        Out today = run("quiz", "forecast", "--on", java.time.LocalDate.now().toString(), "--data", dir.toString(), "--dir", "content");
        assertEquals(0, today.code(), today.err());
        assertTrue(today.out().startsWith("Expected recall at 09:00 on "), today.out());
        assertTrue(today.out().contains(": 0.0% of "), "nothing studied yet: " + today.out());
    }

    @Test
    void benchQuizPlanWritesItsSectionAtTheEndAndReplacesItOnTheNextRun(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Files.writeString(md, "# DeepDrill benchmarks\n\n## Demos\n\n| a | b |\n");
        for (int round = 0; round < 2; round++) {
            Out r = run("bench", "--quiz-plan", "--candidates", "4", "--markdown", md.toString());
            assertEquals(0, r.code(), r.err());
        }
        String text = Files.readString(md);
        assertTrue(text.startsWith("# DeepDrill benchmarks\n\n## Demos\n\n| a | b |\n\n## Interview-day plan: simulation\n"), text);
        assertEquals(text.indexOf(org.deepdrill.quiz.PlanReport.HEADING), text.lastIndexOf(org.deepdrill.quiz.PlanReport.HEADING), "one section");
        assertTrue(text.contains("| defaults: 10 new a day, 1 day in 10 missed | "), text);
        assertTrue(text.contains("4 simulated candidates"), text);
        assertEquals(2, run("bench", "--quiz-plan", "--candidates", "1").code());
    }
}
