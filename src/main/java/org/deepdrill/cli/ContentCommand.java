package org.deepdrill.cli;

import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.ContentValidator;
import org.deepdrill.content.Problem;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.demo.run.DemoRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code content list} and {@code content check}. */
@Command(name = "content", description = "List and check the question content.", mixinStandardHelpOptions = true,
        subcommands = {ContentCommand.ListContent.class, ContentCommand.CheckContent.class})
final class ContentCommand {

    static Path dir(Path given) {
        return given != null ? given : ContentLocator.locate();
    }

    /** The content folder, plus the user's question packs when asked (as the app loads them). */
    static ContentSet load(Path given, boolean packs) {
        return packs ? org.deepdrill.content.ContentLibrary.loadWithPacks(dir(given), org.deepdrill.quiz.DataFolder.locate())
                : ContentLoader.load(dir(given));
    }

    @Command(name = "list", description = "Sections and their questions.")
    static final class ListContent implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--dir", description = "content folder (default: bundled content)")
        Path dir;

        @Option(names = "--packs", description = "also the question packs from the data folder and the settings")
        boolean packs;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            ContentSet set = load(dir, packs);
            if (json) {
                out.println(Json.write(toJson(set)));
                return;
            }
            for (Section s : set.sections()) {
                out.println(s.number() + ". " + s.title() + " (" + s.questions().size() + " questions)");
                for (Question q : s.questions()) {
                    out.printf("   %-40s %-32s checks %d, key points %d  %s%n", q.id(), q.demo(), q.checks().size(),
                            q.keyPoints().size(), q.title());
                }
            }
        }

        static Map<String, Object> toJson(ContentSet set) {
            List<Map<String, Object>> sections = new ArrayList<>();
            for (Section s : set.sections()) {
                List<Map<String, Object>> qs = new ArrayList<>();
                for (Question q : s.questions()) {
                    Map<String, Object> qm = new LinkedHashMap<>();
                    qm.put("id", q.id());
                    qm.put("title", q.title());
                    qm.put("demo", q.demo());
                    qm.put("checks", q.checks().size());
                    qm.put("keyPoints", q.keyPoints().size());
                    qs.add(qm);
                }
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("number", s.number());
                sm.put("title", s.title());
                sm.put("questions", qs);
                sections.add(sm);
            }
            return Map.of("sections", sections);
        }
    }

    @Command(name = "check", description = "Print every content problem; exit 1 if there is an error.")
    static final class CheckContent implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", description = "content folder (default: bundled content)")
        Path dir;

        @Option(names = "--strict", description = "treat warnings as errors too")
        boolean strict;

        @Option(names = "--packs", description = "also check the question packs from the data folder and the settings")
        boolean packs;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ContentSet set = load(dir, packs);
            DemoRegistry registry = DemoRegistry.builtIn();
            List<Problem> problems = ContentValidator.validate(set, registry::contains);
            long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
            long warnings = problems.size() - errors;
            problems.forEach(out::println);
            out.println(set.sections().size() + " sections, " + set.questions().size() + " questions: "
                    + errors + " error(s), " + warnings + " warning(s)");
            return errors > 0 || (strict && warnings > 0) ? 1 : 0;
        }
    }
}
