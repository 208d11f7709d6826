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
        subcommands = {QuizCommand.Replay.class, QuizCommand.Export.class})
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
}
