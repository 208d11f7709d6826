package org.deepdrill;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveRelaunchTest {
    private static final String JAR = Path.of("app", "deepdrill.jar").toString();

    private static ArchiveRelaunch.Start plain(List<String> options) {
        return new ArchiveRelaunch.Start(JAR, JAR + " --theme=dark", options, "/jdk/bin/java", false, false, false, 1234L);
    }

    @Test
    void plainJarRestartsWithTheArchiveItsOptionsAndArguments() {
        List<String> cmd = ArchiveRelaunch.command(plain(List.of("-Xmx2g", "-Ddeepdrill.data=/d")), List.of("--theme=dark"), true).orElseThrow();
        String archive = Path.of(JAR).toAbsolutePath().resolveSibling("deepdrill.jsa").toString();
        assertEquals(List.of("/jdk/bin/java", "-Xmx2g", "-Ddeepdrill.data=/d", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
                "-Ddeepdrill.firstJvmStart=1234", "-jar", JAR, "--theme=dark"), cmd);
    }

    @Test
    void staysInThisJvmWhenTheArchiveCannotHelp() {
        assertEquals(Optional.empty(), ArchiveRelaunch.command(plain(List.of()), List.of(), false), "no fresh archive");
        ArchiveRelaunch.Start packaged = new ArchiveRelaunch.Start(JAR, JAR, List.of(), "j", true, false, false, 0);
        ArchiveRelaunch.Start optedOut = new ArchiveRelaunch.Start(JAR, JAR, List.of(), "j", false, true, false, 0);
        ArchiveRelaunch.Start restarted = new ArchiveRelaunch.Start(JAR, JAR, List.of(), "j", false, false, true, 0);
        ArchiveRelaunch.Start fromClasses = new ArchiveRelaunch.Start("classes" + java.io.File.pathSeparator + JAR,
                "org.deepdrill.Launcher", List.of(), "j", false, false, false, 0);
        ArchiveRelaunch.Start mainClass = new ArchiveRelaunch.Start(JAR, "org.deepdrill.Launcher", List.of(), "j", false, false, false, 0);
        for (ArchiveRelaunch.Start s : List.of(packaged, optedOut, restarted, fromClasses, mainClass)) {
            assertEquals(Optional.empty(), ArchiveRelaunch.command(s, List.of(), true), s.toString());
        }
    }

    @Test
    void agentsDebuggersAndOwnSharingOptionsStayInThisJvm() {
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y", "-javaagent:x.jar", "-agentpath:/a.so",
                "-Xshare:off", "-XX:SharedArchiveFile=mine.jsa", "-XX:ArchiveClassesAtExit=x.jsa", "-XX:DumpLoadedClassList=c.lst")) {
            assertEquals(Optional.empty(), ArchiveRelaunch.command(plain(List.of(option)), List.of(), true), option);
        }
        assertTrue(ArchiveRelaunch.command(plain(List.of("-Dx=1")), List.of(), true).isPresent());
    }

    @Test
    void anArchiveIsFreshOnlyWhenMadeAfterTheJar(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("deepdrill.jar"), "jar");
        Path jsa = dir.resolve("deepdrill.jsa");
        assertFalse(ArchiveRelaunch.fresh(jsa, jar), "missing");
        Files.writeString(jsa, "");
        assertFalse(ArchiveRelaunch.fresh(jsa, jar), "empty");
        Files.writeString(jsa, "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(1_000_000));
        assertFalse(ArchiveRelaunch.fresh(jsa, jar), "older than the jar");
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(3_000_000));
        assertTrue(ArchiveRelaunch.fresh(jsa, jar));
    }

    @Test
    void trainingRunLoadsTheListedClassesAndCountsTheMissing(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("classes.lst"), String.join("\n",
                "java/lang/Object", "org/deepdrill/Launcher id: 7", "@lambda-proxy org/x/Y run", "# comment",
                "com/example/NotThere", "org/deepdrill/content/ContentSet", ""));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ArchiveRelaunch.main(new String[] {list.toString()});
        } finally {
            System.setOut(old);
        }
        assertEquals("class list: 3 classes loaded, 1 not found", out.toString(StandardCharsets.UTF_8).strip());
    }
}
