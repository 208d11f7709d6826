package org.deepdrill.cli;

import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.content.ContentValidator;
import org.deepdrill.content.Problem;
import org.deepdrill.content.Question;
import org.deepdrill.content.Section;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.search.BadQueryException;
import org.deepdrill.search.SearchHit;
import org.deepdrill.search.SearchIndex;
import org.deepdrill.search.SearchResults;
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

/** {@code content list}, {@code content check} and {@code content search}. */
@Command(name = "content", description = "List, check and search the question content.", mixinStandardHelpOptions = true,
        subcommands = {ContentCommand.ListContent.class, ContentCommand.CheckContent.class, ContentCommand.SearchContent.class})
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

    @Command(name = "search", description = "Full-text search over every answer: ranked hits with scores and snippets.",
            footer = {"", "Words must all match (stemmed; longer words forgive a typo). Also: \"a phrase\", OR, NOT, -word, word*,",
                    "and formulas as written, e.g. d_k, QK^T, 1/sqrt(d_k). Matched words are shown between ** **.",
                    "Exit codes: 0 done (with or without hits), 2 empty or malformed query."})
    static final class SearchContent implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "QUERY", description = "what to look for")
        List<String> words;

        @Option(names = "--limit", defaultValue = "10", description = "at most this many hits, 1 to 100 (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--dir", description = "content folder (default: bundled content)")
        Path dir;

        @Option(names = "--packs", description = "also the question packs from the data folder and the settings")
        boolean packs;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String query = String.join(" ", words);
            SearchIndex index;
            SearchResults r;
            try {
                SearchIndex.checkLimit(limit);
                index = SearchIndex.build(load(dir, packs));
                r = index.search(query, limit);
            } catch (BadQueryException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            if (json) {
                out.println(Json.write(toJson(r)));
            } else {
                print(r, index.size(), out);
            }
            return 0;
        }

        private static void print(SearchResults r, int size, PrintWriter out) {
            if (r.isEmpty()) {
                out.println("No question matches \"" + r.query() + "\" (searched " + size + " questions).");
                return;
            }
            out.println(r.total() + " question" + (r.total() == 1 ? "" : "s") + " match \"" + r.query() + "\""
                    + (r.total() > r.hits().size() ? "; the best " + r.hits().size() + ":" : ":"));
            int n = 1;
            for (SearchHit h : r.hits()) {
                out.printf(java.util.Locale.ROOT, "%2d. %-36s score %6.2f   %s%n", n++, h.id(), h.score(), section(h));
                out.println("    " + h.title().text());
                out.println("    " + h.snippet().marked("**", "**"));
            }
        }

        static Map<String, Object> toJson(SearchResults r) {
            List<Map<String, Object>> hits = new ArrayList<>();
            for (SearchHit h : r.hits()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("title", h.title().text());
                m.put("section", section(h));
                m.put("score", Math.round(h.score() * 1000) / 1000.0);
                m.put("snippet", h.snippet().marked("**", "**"));
                hits.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("query", r.query());
            out.put("hits", hits);
            return out;
        }

        private static String section(SearchHit h) {
            return h.section() + ". " + h.sectionTitle();
        }
    }
}
