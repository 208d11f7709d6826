package org.deepdrill;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Window start from {@code java -jar}. A jar cannot give the JVM options, so the window restarts
 * itself once, with the class-data archive the build makes beside the jar ({@code deepdrill.jsa}):
 * the classes of the first frame then map from the archive instead of being read, parsed and
 * verified (about 0.4 s on two cores). Anything unusual starts in this process as before: no
 * archive or one older than the jar, a packaged app (its launcher has its own archive), agents or
 * a debugger, the user's own sharing options, or {@code -Ddeepdrill.relaunch=false}.
 * <p>The archive is a dynamic one, layered on the JDK's own: a JVM that finds it stale (a jar
 * changed since) or from another JDK drops only this layer and keeps the JDK's classes shared.
 * {@link #main} makes it: run with {@code -XX:ArchiveClassesAtExit}, it loads the classes of a
 * class list (as {@code -XX:DumpLoadedClassList} writes them) and exits, headless.
 */
final class ArchiveRelaunch {
    static final String ARCHIVE = "deepdrill.jsa";
    /** Set on the restarted JVM: the first JVM's start (epoch ms), so start-up is measured from it. */
    static final String FIRST_START = "deepdrill.firstJvmStart";

    private ArchiveRelaunch() {
    }

    /** Loads, without initialising, every class named in the class list {@code args[0]}; prints how many. */
    public static void main(String[] args) throws IOException {
        ClassLoader loader = ArchiveRelaunch.class.getClassLoader();
        int loaded = 0;
        int missing = 0;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank() || line.startsWith("@") || line.startsWith("#")) {
                continue;
            }
            try {
                Class.forName(line.split("\\s+")[0].replace('/', '.'), false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                missing++; // another platform's classes, or ones this build no longer has
            }
        }
        System.out.println("class list: " + loaded + " classes loaded, " + missing + " not found");
    }

    /** What decides the restart, read from this JVM. */
    record Start(String classPath, String javaCommand, List<String> jvmOptions, String javaExecutable,
                 boolean packaged, boolean optedOut, boolean restarted, long jvmStartMillis) {

        static Start current() {
            RuntimeMXBean jvm = ManagementFactory.getRuntimeMXBean();
            return new Start(System.getProperty("java.class.path", ""), System.getProperty("sun.java.command", ""),
                    jvm.getInputArguments(),
                    ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                    System.getProperty("jpackage.app-path") != null,
                    "false".equalsIgnoreCase(System.getProperty("deepdrill.relaunch")),
                    System.getProperty(FIRST_START) != null, jvm.getStartTime());
        }
    }

    /** The restarted JVM's command, or empty when this JVM should open the window itself. */
    static Optional<List<String>> command(Start s, List<String> args, boolean archiveFresh) {
        if (s.packaged() || s.optedOut() || s.restarted() || !archiveFresh) {
            return Optional.empty();
        }
        String jar = s.classPath();
        // Only a plain `java -jar deepdrill.jar`: one class-path entry, and the launcher named it.
        if (jar.isEmpty() || jar.contains(File.pathSeparator) || !jar.endsWith(".jar") || !s.javaCommand().startsWith(jar)) {
            return Optional.empty();
        }
        for (String o : s.jvmOptions()) {
            if (o.startsWith("-agentlib") || o.startsWith("-agentpath") || o.startsWith("-javaagent")
                    || o.startsWith("-Xdebug") || o.startsWith("-Xrunjdwp")
                    || o.startsWith("-Xshare") || o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:ArchiveClassesAtExit")
                    || o.startsWith("-XX:DumpLoadedClassList")) {
                return Optional.empty();
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(s.javaExecutable());
        cmd.addAll(s.jvmOptions());
        cmd.add("-XX:SharedArchiveFile=" + archiveOf(jar));
        cmd.add("-Xshare:auto");
        cmd.add("-D" + FIRST_START + "=" + s.jvmStartMillis());
        cmd.add("-jar");
        cmd.add(jar);
        cmd.addAll(args);
        return Optional.of(cmd);
    }

    static Path archiveOf(String jar) {
        return Path.of(jar).toAbsolutePath().resolveSibling(ARCHIVE);
    }

    /** True when the archive exists and was made after the jar (an older one would be ignored anyway). */
    static boolean fresh(Path archive, Path jar) {
        try {
            return Files.isReadable(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Opens the window in a restarted JVM when that helps, and returns its exit code; empty when
     * this JVM should open the window itself (also when the restart could not be started).
     */
    static OptionalInt tryRelaunch(String[] args) {
        Start s;
        Process child;
        try {
            s = Start.current();
            boolean fresh = !s.classPath().isEmpty() && fresh(archiveOf(s.classPath()), Path.of(s.classPath()));
            Optional<List<String>> cmd = command(s, List.of(args), fresh);
            if (cmd.isEmpty()) {
                return OptionalInt.empty();
            }
            child = new ProcessBuilder(cmd.get()).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // an odd class path or a failed start: this JVM opens the window
        }
        if (Boolean.getBoolean("deepdrill.trace")) {
            System.out.println("[trace] restarted with the class-data archive: " + (System.currentTimeMillis() - s.jvmStartMillis()) + " ms");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "relaunch-stop"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                child.destroy();
            }
        }
    }
}
