package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuizToolsTest {
    private final Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
    private final Instant t0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void replayGivesStatePerReview() throws Exception {
        String csv = "card,reviewed_at,rating\nq1,2026-03-01T09:00:00Z,3\nq1,2026-03-01T09:10:00Z,3\nq2,2026-03-01T09:00:00Z,1\n";
        List<ReplayLog.Step> s = ReplayLog.replay(new StringReader(csv), fsrs);
        assertEquals(3, s.size());
        assertEquals(FsrsParameters.DEFAULT_WEIGHTS[2], s.get(0).stability(), 1e-12);
        assertEquals(Instant.parse("2026-03-03T09:10:00Z"), s.get(1).due(), "graduates with interval round(S) = 2 days");
        assertEquals(Instant.parse("2026-03-01T09:01:00Z"), s.get(2).due(), "Again: the 1-minute step");
    }

    @Test
    void replayRejectsBadLinesByNumber() {
        String base = "card,reviewed_at,rating\n";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplayLog.replay(new StringReader(base + "q,2026-03-01T09:00:00Z,5\n"), fsrs))
                .getMessage().startsWith("line 2: rating must be 1, 2, 3 or 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplayLog.replay(new StringReader(base + "q,yesterday,3\n"), fsrs))
                .getMessage().startsWith("line 2: reviewed_at 'yesterday'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplayLog.replay(new StringReader(
                base + "q,2026-03-02T09:00:00Z,3\nq,2026-03-01T09:00:00Z,3\n"), fsrs)).getMessage().contains("line 3: reviews of card q are not in time order"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplayLog.replay(new StringReader("a,b\n"), fsrs))
                .getMessage().startsWith("line 1: the header"));
    }

    @Test
    void queuePutsDueCardsFirstThenLimitedNewOnes() {
        Progress p = Progress.empty();
        p.grade(fsrs, "old", Rating.EASY, t0.minusSeconds(86_400L * 30), "self");
        List<String> q = StudyQueue.build(List.of("a", "b", "c", "old"), p, t0, 2, ZoneOffset.UTC);
        assertEquals(List.of("old", "a", "b"), q);
        p.grade(fsrs, "a", Rating.GOOD, t0, "self");
        assertEquals(List.of("b"), StudyQueue.build(List.of("a", "b", "c"), p, t0.plusSeconds(60), 2, ZoneOffset.UTC).subList(0, 1));
    }

    @Test
    void statsFromTheLog() {
        Progress p = Progress.empty();
        p.grade(fsrs, "x", Rating.GOOD, t0, "self");
        p.grade(fsrs, "x", Rating.GOOD, t0.plusSeconds(600), "self");
        p.grade(fsrs, "x", Rating.GOOD, t0.plusSeconds(86_400L * 2), "self");
        p.grade(fsrs, "y", Rating.GOOD, t0, "self");
        p.grade(fsrs, "y", Rating.AGAIN, t0.plusSeconds(86_400L * 3), "self");
        assertEquals(0.5, Stats.trueRetention(p), 1e-12, "one pass, one lapse; same-day steps excluded");
        Map<java.time.LocalDate, Integer> days = Stats.reviewsByDay(p, ZoneOffset.UTC);
        assertEquals(3, days.get(java.time.LocalDate.of(2026, 3, 1)));
        int[] due = Stats.dueByDay(p, t0.plusSeconds(86_400L * 3), 7, ZoneOffset.UTC);
        assertEquals(2, java.util.Arrays.stream(due).sum());
        double m = Stats.mastery(fsrs, p, List.of("x", "never"), t0.plusSeconds(86_400L * 3));
        assertTrue(m > 0 && m < 0.5, "one studied card, one unseen: " + m);
    }

    @Test
    void mockDrawFavoursWeakCards() {
        Progress p = Progress.empty();
        for (int i = 0; i < 6; i++) {
            p.grade(fsrs, "strong", Rating.EASY, t0.plusSeconds(86_400L * 40 * i), "self");
        }
        Instant now = t0.plusSeconds(86_400L * 201);
        assertTrue(MockDraw.weight(fsrs, p, "strong", now) < MockDraw.weight(fsrs, p, "unseen", now));
        int strongFirst = 0;
        Random r = new Random(5);
        for (int i = 0; i < 400; i++) {
            if (MockDraw.draw(fsrs, p, List.of("strong", "unseen"), 1, now, r).get(0).equals("strong")) {
                strongFirst++;
            }
        }
        assertTrue(strongFirst < 100, "a well-known card is drawn first rarely: " + strongFirst + "/400");
        assertEquals(2, MockDraw.draw(fsrs, p, List.of("strong", "unseen"), 5, now, r).size());
    }

    @Test
    void ankiExportHasHeadersAndNoHistory() {
        String tsv = AnkiExport.tsv("DeepDrill", List.of(new AnkiExport.Note("deepdrill-q1", "Why\tscale?", "<p>Because</p>\n",
                List.of("Var = d_k"), "deepdrill::section2")));
        String[] lines = tsv.split("\n");
        assertEquals("#separator:tab", lines[0]);
        assertTrue(tsv.contains("#guid column:1"));
        String[] cols = lines[lines.length - 1].split("\t");
        assertEquals(4, cols.length);
        assertEquals("deepdrill-q1", cols[0]);
        assertEquals("Why scale?", cols[1]);
        assertTrue(cols[2].contains("<li>Var = d_k</li>"));
    }

    @Test
    void ankiExportWritesMathForMathJaxAndKeepsCodeBlocks() {
        String md = "Scale by $1/\\sqrt{d_k}$ when $a < b$.\n\n$$\nVar(q \\cdot k)\n  = d_k\n$$\n\n```python\nif x < y:\n\treturn \"ok\"\n```\n";
        String html = org.deepdrill.content.MarkdownRenderer.toHtml(md);
        String tsv = AnkiExport.tsv("DeepDrill", List.of(new AnkiExport.Note("deepdrill-q6", "\"Why\" scale?", html, List.of("a < b"), "t")));
        String record = tsv.lines().filter(l -> l.startsWith("deepdrill-q6")).findFirst().orElseThrow();
        assertEquals(7, tsv.lines().count(), "six header lines then one record on one line: " + tsv);
        String[] cols = record.split("\t", -1);
        assertEquals(4, cols.length);
        assertEquals("&quot;Why&quot; scale?", cols[1], "a leading quote would start a quoted field");
        String back = cols[2];
        assertTrue(back.contains("\\(1/\\sqrt{d_k}\\)"), back);
        assertTrue(back.contains("\\(a &lt; b\\)"), "math stays HTML-escaped: " + back);
        assertTrue(back.contains("<div>\\[Var(q \\cdot k)   = d_k\\]</div>"), "display math on one line: " + back);
        assertTrue(back.contains("<pre><code class=\"language-python\">if x &lt; y:<br> return &quot;ok&quot;<br></code></pre>"), back);
        assertTrue(!back.contains("class=\"math") && !back.contains("</p><br>"), back);
        assertTrue(back.endsWith("<li>a &lt; b</li></ul>"), back);
    }
}
