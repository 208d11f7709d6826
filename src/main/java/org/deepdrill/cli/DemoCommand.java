package org.deepdrill.cli;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoCancelledException;
import org.deepdrill.demo.DemoFailedException;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.Metric;
import org.deepdrill.demo.ParamSpec;
import org.deepdrill.demo.RunListener;
import org.deepdrill.demo.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code demo list} and {@code demo run}. */
@Command(name = "demo", description = "List and run the live demos.", mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.ListDemos.class, DemoCommand.RunDemo.class, DemoCommand.Breaks.class})
final class DemoCommand {

    @Command(name = "list", description = "One demo per line: id, title, questions, breaks.")
    static final class ListDemos implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print {\"demos\": [{id, title, questions, breaks}]}")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            DemoRegistry registry = DemoRegistry.builtIn();
            if (json) {
                out.println(Json.write(listJson(registry)));
                return;
            }
            for (DemoSpec d : registry.specs()) {
                List<String> breaks = registry.breaks(d.id()).stream().map(Break::name).toList();
                out.println(d.id() + "\t" + d.title() + "\t" + String.join(",", d.questions())
                        + "\t" + (breaks.isEmpty() ? "-" : String.join(",", breaks)));
            }
        }
    }

    @Command(name = "breaks", description = "Run every demo normally and under each of its breaks; print, per break, "
            + "the claims it should flip with their values in both runs, as a Markdown table. Exit 1 if a break fails to flip.")
    static final class Breaks implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--quick", description = "quick settings (as the tests use)")
        boolean quick;

        @Option(names = "--only", split = ",", paramLabel = "ID", description = "limit to these demo ids")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DemoRegistry registry = DemoRegistry.builtIn();
            int missed = 0;
            out.println("| demo | break | claim | normal | broken | flipped |");
            out.println("|---|---|---|---|---|---|");
            try (DemoRunner runner = DemoRunner.withDjl(registry)) {
                for (DemoSpec d : registry.specs()) {
                    if (!only.isEmpty() && !only.contains(d.id())) {
                        continue;
                    }
                    List<? extends Break<?>> breaks = registry.breaks(d.id());
                    if (breaks.isEmpty()) {
                        out.printf("| %s | (none) | | | | |%n", d.id());
                        continue;
                    }
                    DemoResult normal = runner.run(d.id(), Map.of(), quick, RunListener.NONE);
                    for (Break<?> b : breaks) {
                        DemoResult broken = runner.run(d.id(), Map.of(), quick, b.name(), RunListener.NONE);
                        for (String claimId : b.flips().keySet()) {
                            Claim before = normal.claim(claimId).orElse(null);
                            Claim after = broken.claim(claimId).orElse(null);
                            boolean flipped = before != null && after != null && before.holds() && !after.holds();
                            missed += flipped ? 0 : 1;
                            out.printf("| %s | %s | %s | %s | %s | %s |%n", d.id(), b.name(), claimId, cell(before), cell(after),
                                    flipped ? "yes" : "NO");
                        }
                    }
                    out.flush();
                }
            }
            return missed == 0 ? 0 : 1;
        }

        private static String cell(Claim c) {
            return c == null ? "missing" : (c.holds() ? "✓ " : "✗ ") + Claim.num(c.measured());
        }
    }

    static Map<String, Object> listJson(DemoRegistry registry) {
        List<Map<String, Object>> demos = new ArrayList<>();
        for (DemoSpec d : registry.specs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("title", d.title());
            m.put("questions", d.questions());
            List<Map<String, Object>> breaks = new ArrayList<>();
            for (Break<?> b : registry.breaks(d.id())) {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("name", b.name());
                bm.put("description", b.changes());
                bm.put("flips", List.copyOf(b.flips().keySet()));
                breaks.add(bm);
            }
            m.put("breaks", breaks);
            demos.add(m);
        }
        return Map.of("demos", demos);
    }

    @Command(name = "run", description = "Run one demo and print its claims and metrics.")
    static final class RunDemo implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "demo id, see 'demo list'")
        String id;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "set a parameter")
        List<String> params = new ArrayList<>();

        @Option(names = "--quick", description = "small, fast settings (as the tests use)")
        boolean quick;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Option(names = "--break", paramLabel = "NAME", description = "run a named wrong world (see --help); "
                + "the claims it targets are expected to fail, and the exit code is still 0")
        String breakName = "";

        @Option(names = {"-h", "--help"}, description = "list this demo's parameters")
        boolean help;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DemoRegistry registry = DemoRegistry.builtIn();
            DemoSpec demo = registry.get(id).spec();
            if (help) {
                printHelp(out, demo, registry.breaks(id));
                return 0;
            }
            Map<String, String> raw = parseParams(params);
            try (DemoRunner runner = DemoRunner.withDjl(registry)) {
                RunListener progress = json ? RunListener.NONE : new RunListener() {
                    @Override
                    public void onProgress(int step, int total, String message) {
                        err.printf("[%d/%d] %s%n", step, total, message);
                    }
                };
                DemoResult r = runner.run(id, raw, quick, breakName, progress);
                out.println(json ? Json.write(toJson(r)) : text(r));
                return 0;
            } catch (DemoFailedException | DemoCancelledException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }

        static Map<String, String> parseParams(List<String> params) {
            Map<String, String> raw = new LinkedHashMap<>();
            for (String p : params) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--param needs NAME=VALUE, got '" + p + "'");
                }
                raw.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
            return raw;
        }

        static void printHelp(PrintWriter out, DemoSpec d, List<? extends Break<?>> breaks) {
            out.println(d.id() + ": " + d.title());
            out.println(d.description());
            out.println();
            out.println("Parameters (--param NAME=VALUE):");
            for (ParamSpec p : d.params()) {
                out.printf("  %-12s %-6s range %-14s default %-8s quick %-8s %s%n", p.name(),
                        p.type().name().toLowerCase(), p.range(), p.defaultValue(), p.quickValue(), p.label());
            }
            if (!breaks.isEmpty()) {
                out.println();
                out.println("Breaks (--break NAME):");
                for (Break<?> b : breaks) {
                    out.printf("  %-22s %s; flips %s%n", b.name(), b.changes(), String.join(", ", b.flips().keySet()));
                }
            }
        }
    }

    static Map<String, Object> toJson(DemoResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        if (r.broken()) {
            m.put("break", r.breakName());
        }
        m.put("device", r.device());
        m.put("elapsedMillis", r.elapsedMillis());
        m.put("params", r.params());
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Claim c : r.claims()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            cm.put("statement", c.statement());
            cm.put("measured", finite(c.measured()));
            cm.put("expected", c.expected());
            cm.put("holds", c.holds());
            claims.add(cm);
        }
        m.put("claims", claims);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (Metric mt : r.metrics()) {
            metrics.put(mt.name(), finite(mt.value()));
        }
        m.put("metrics", metrics);
        m.put("notes", r.notes());
        return m;
    }

    /** JSON has no NaN or infinity: those become strings. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    static String text(DemoResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.id()).append(r.broken() ? " broken by '" + r.breakName() + "'" : "").append(" on ").append(r.device()).append(" in ").append(r.elapsedMillis()).append(" ms\n\nClaims:\n");
        for (Claim c : r.claims()) {
            sb.append("  ").append(c.holds() ? "✓ " : "✗ ").append(c.isTiming() ? "[timing] " : "").append(c.statement()).append(": ").append(c.verdictText()).append('\n');
        }
        sb.append("\nMetrics:\n");
        for (Metric m : r.metrics()) {
            sb.append("  ").append(m.name()).append(" = ").append(Claim.num(m.value())).append(m.unit().isEmpty() ? "" : " " + m.unit()).append('\n');
        }
        for (Table t : r.tables()) {
            sb.append('\n').append(t.title()).append('\n');
            sb.append("  ").append(String.join(" | ", t.headers())).append('\n');
            for (List<String> row : t.rows()) {
                sb.append("  ").append(String.join(" | ", row)).append('\n');
            }
        }
        for (String n : r.notes()) {
            sb.append("\nNote: ").append(n).append('\n');
        }
        return sb.toString();
    }
}
