package org.deepdrill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The headless command line: content, demos, models, quiz and benchmarks. */
@Command(name = "deepdrill", mixinStandardHelpOptions = true, version = "DeepDrill 0.1",
        description = "Study deep-learning interview questions with live demos.",
        subcommands = {ContentCommand.class, DemoCommand.class, ModelCommand.class, QuizCommand.class, BenchCommand.class})
public final class Cli {

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad input. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            err.println("error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }
}
