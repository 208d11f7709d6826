package org.deepdrill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.MarkdownRenderer;
import org.deepdrill.quiz.AnkiExport;
import org.deepdrill.quiz.Fsrs;
import org.deepdrill.quiz.FsrsParameters;
import org.deepdrill.quiz.ReplayLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code quiz replay} and {@code quiz export}. */
@Command(name = "quiz", description = "Spaced-repetition tools.", mixinStandardHelpOptions = true,
        subcommands = {QuizCommand.Replay.class, QuizCommand.Export.class, QuizCommand.Verify.class, QuizCommand.SaveLoop.class})
final class QuizCommand {

    @Command(name = "replay", description = "Replay a review log (card,reviewed_at,rating) through FSRS-6.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOG.csv")
        Path log;

        @Option(names = "--json", description = "one JSON object per review")
        boolean json;

        @Option(names = "--retention", description = "desired retention (default 0.9)")
        double retention = 0.9;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Fsrs fsrs = new Fsrs(FsrsParameters.defaults().withRetention(retention));
            List<ReplayLog.Step> steps;
            try (Reader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                steps = ReplayLog.replay(r, fsrs);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + log);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(log + ": " + e.getMessage());
            }
            ObjectMapper m = new ObjectMapper();
            for (ReplayLog.Step s : steps) {
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("card", s.card());
                    o.put("reviewed_at", s.reviewedAt().toString());
                    o.put("rating", s.rating());
                    o.put("stability", round(s.stability()));
                    o.put("difficulty", round(s.difficulty()));
                    o.put("due", s.due().toString());
                    out.println(m.writeValueAsString(o));
                } else {
                    out.printf("%-24s %s  rating %d  S %9.4f  D %6.4f  due %s%n", s.card(), s.reviewedAt(), s.rating(),
                            s.stability(), s.difficulty(), s.due());
                }
            }
            return 0;
        }

        private static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }

    @Command(name = "export", description = "Write the deck as an Anki-importable TSV file (no review history).")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "output file, e.g. deepdrill.tsv")
        Path out;

        @Option(names = "--dir", description = "content folder (default: bundled content)")
        Path dir;

        @Override
        public Integer call() throws IOException {
            ContentSet set = ContentLoader.load(dir != null ? dir : ContentLocator.locate());
            List<AnkiExport.Note> notes = set.questions().stream().map(q -> new AnkiExport.Note("deepdrill-" + q.id(),
                    q.title(), MarkdownRenderer.toHtml(q.answer()), q.keyPoints(), "deepdrill::section" + q.section())).toList();
            Files.writeString(out, AnkiExport.tsv("DeepDrill", notes), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + notes.size() + " notes to " + out);
            return 0;
        }
    }

    @Command(name = "verify", description = "Load a progress file and report what it holds; exit 1 if it had to be restored.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", description = "data folder (default: the user's)")
        Path data;

        @Override
        public Integer call() {
            Path folder = data != null ? data : org.deepdrill.quiz.DataFolder.locate();
            org.deepdrill.quiz.ProgressStore.Loaded l = new org.deepdrill.quiz.ProgressStore(folder.resolve("progress.json")).load();
            PrintWriter out = spec.commandLine().getOut();
            l.messages().forEach(m -> out.println("note: " + m));
            out.println("reviews " + l.progress().log().size() + " cards " + l.progress().cards().size());
            return l.messages().isEmpty() ? 0 : 1;
        }
    }

    /** For the crash test: grades and saves in a loop, printing each review count once it is on disk. */
    @Command(name = "save-loop", hidden = true)
    static final class SaveLoop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true)
        Path data;

        @Option(names = "--count", defaultValue = "100000")
        int count;

        @Override
        public Integer call() throws IOException {
            org.deepdrill.quiz.QuizBook book = new org.deepdrill.quiz.QuizBook(
                    new org.deepdrill.quiz.ProgressStore(data.resolve("progress.json")), FsrsParameters.defaults());
            PrintWriter out = spec.commandLine().getOut();
            java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(book.progress().log().size() * 3600L);
            for (int i = 0; i < count; i++) {
                t = t.plusSeconds(3600);
                book.grade("q" + (i % 40), org.deepdrill.quiz.Rating.of(1 + i % 4), t, "self");
                out.println("saved " + book.progress().log().size());
                out.flush();
            }
            return 0;
        }
    }
}
