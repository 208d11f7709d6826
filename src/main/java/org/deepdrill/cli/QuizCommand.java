package org.deepdrill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.MarkdownRenderer;
import org.deepdrill.content.ContentLibrary;
import org.deepdrill.quiz.AnkiExport;
import org.deepdrill.quiz.DataFolder;
import org.deepdrill.quiz.Forecast;
import org.deepdrill.quiz.Interview;
import org.deepdrill.quiz.Progress;
import org.deepdrill.quiz.ProgressStore;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code quiz replay}, {@code quiz forecast}, {@code quiz export} and {@code quiz verify}. */
@Command(name = "quiz", description = "Spaced-repetition tools.", mixinStandardHelpOptions = true,
        subcommands = {QuizCommand.Replay.class, QuizCommand.ForecastCommand.class, QuizCommand.Export.class, QuizCommand.Verify.class,
            QuizCommand.SaveLoop.class})
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

    @Command(name = "forecast", description = "Expected recall at 9:00 on a future day if nothing is reviewed until then.")
    static final class ForecastCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--on", required = true, paramLabel = "DATE", description = "the day, e.g. 2026-12-01 (today or later)")
        String on;

        @Option(names = "--log", paramLabel = "LOG.csv", description = "replay this log (card,reviewed_at,rating) instead of reading your progress")
        Path log;

        @Option(names = "--json", description = "one JSON object")
        boolean json;

        @Option(names = "--data", description = "data folder (default: the user's)")
        Path data;

        @Option(names = "--dir", description = "content folder (default: bundled content, plus packs when reading your progress)")
        Path dir;

        @Override
        public Integer call() throws IOException {
            ZoneId zone = ZoneId.systemDefault();
            LocalDate date = day(on, LocalDate.now(zone));
            Path folder = data != null ? data : DataFolder.locate();
            Fsrs fsrs = new Fsrs(FsrsParameters.defaults());
            Progress progress;
            if (log != null) {
                try (Reader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                    progress = ReplayLog.progress(r, fsrs);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("no such file: " + log);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(log + ": " + e.getMessage());
                }
            } else {
                ProgressStore.Loaded l = new ProgressStore(folder.resolve("progress.json")).load();
                l.messages().forEach(m -> spec.commandLine().getErr().println("note: " + m));
                progress = l.progress();
            }
            ContentSet content = dir != null ? ContentLoader.load(dir) : log != null ? ContentLoader.load(ContentLocator.locate())
                    : ContentLibrary.loadWithPacks(ContentLocator.locate(), folder);
            Interview day = new Interview(date, zone);
            Forecast.Result f = Forecast.on(fsrs, progress,
                    Forecast.sections(content), date, day.moment());
            print(f, content, day);
            return 0;
        }

        /** The date, or a message for exit code 2. */
        static LocalDate day(String text, LocalDate today) {
            LocalDate d;
            try {
                d = LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--on '" + text + "' is not a date such as " + today.plusDays(14));
            }
            if (d.isBefore(today)) {
                throw new IllegalArgumentException("--on " + d + " is in the past (today is " + today + ")");
            }
            return d;
        }

        private void print(Forecast.Result f, ContentSet content, Interview day) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("date", f.date().toString());
                o.put("overall", f.overall());
                o.put("sections", f.sections().stream().map(s -> Map.of("number", s.number(), "recall", s.recall())).toList());
                o.put("cards", f.cards().stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("card", c.card());
                    m.put("retrievability", c.retrievability());
                    m.put("stability", c.stability());
                    return m;
                }).toList());
                out.println(new ObjectMapper().writeValueAsString(o));
                return;
            }
            out.printf(Locale.ROOT, "Expected recall at %s on %s (%s): %.1f%% of %d questions%n", Interview.TIME,
                    f.date(), day.countdown(Instant.now()), 100 * f.overall(), content.questions().size());
            for (Forecast.SectionRecall s : f.sections()) {
                String title = content.sections().stream().filter(x -> x.number() == s.number()).map(x -> x.title()).findFirst().orElse("");
                out.printf(Locale.ROOT, "  section %-3d %5.1f%%  %s%n", s.number(), 100 * s.recall(), title);
            }
            for (Forecast.CardRecall c : f.cards()) {
                out.printf(Locale.ROOT, "  %-32s R %5.1f%%  S %9.2f d%n", c.card(), 100 * c.retrievability(), c.stability());
            }
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
