package org.deepdrill.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built-in content plus the user's question packs. A pack is a folder in the same format as
 * {@code content/}; its sections come after the built-in ones, numbered from 101, titled with the
 * pack's name. A broken pack only adds problems: it never hides built-in content, and a pack
 * question whose id clashes with an existing one is left out.
 */
public final class ContentLibrary {
    public static final int FIRST_PACK_SECTION = 101;

    private ContentLibrary() {
    }

    public static ContentSet load(Path builtIn, List<Path> packs) {
        ContentSet base = ContentLoader.load(builtIn);
        List<Section> sections = new ArrayList<>(base.sections());
        List<Problem> problems = new ArrayList<>(base.problems());
        Map<String, Path> folders = new HashMap<>(base.folders());
        Set<String> ids = new HashSet<>();
        base.questions().forEach(q -> ids.add(q.id()));
        int number = FIRST_PACK_SECTION;
        for (Path pack : packs) {
            String name = pack.getFileName() == null ? pack.toString() : pack.getFileName().toString();
            ContentSet set = ContentLoader.load(pack);
            for (Problem p : set.problems()) {
                problems.add(new Problem(p.severity(), "pack " + name + "/" + p.file(), p.line(), p.message()));
            }
            for (Section s : set.sections()) {
                List<Question> kept = new ArrayList<>();
                for (Question q : s.questions()) {
                    if (!ids.add(q.id())) {
                        problems.add(Problem.error("pack " + name + "/" + q.file(), 2,
                                "question id '" + q.id() + "' is already used; the pack's question is left out"));
                        continue;
                    }
                    Question moved = new Question(q.id(), number, q.title(), q.demo(), q.keyPoints(), q.checks(),
                            q.answer(), "pack " + name + "/" + q.file(), q.answerLine());
                    kept.add(moved);
                    set.folderOf(q.id()).ifPresent(f -> folders.put(q.id(), f));
                }
                sections.add(new Section(number++, name + ": " + s.title(), s.intro(), kept));
            }
        }
        return new ContentSet(sections, problems, folders);
    }

    /** The built-in content plus every pack {@link #packFolders} finds, with any pack-settings problem. */
    public static ContentSet loadWithPacks(Path builtIn, Path dataFolder) {
        List<Problem> settingsProblems = new ArrayList<>();
        ContentSet set = load(builtIn, packFolders(dataFolder, settingsProblems));
        if (settingsProblems.isEmpty()) {
            return set;
        }
        List<Problem> all = new ArrayList<>(set.problems());
        all.addAll(settingsProblems);
        return new ContentSet(set.sections(), all, set.folders());
    }

    public static List<Path> packFolders(Path dataFolder) {
        return packFolders(dataFolder, new ArrayList<>());
    }

    /**
     * Pack folders: every sub-folder of {@code <data>/packs}, then the folders chosen in the settings
     * ({@code <data>/packs.json}), then the paths in {@code deepdrill.packs} or {@code DEEPDRILL_PACKS}.
     */
    public static List<Path> packFolders(Path dataFolder, List<Problem> problems) {
        List<Path> out = new ArrayList<>();
        Path dir = dataFolder.resolve("packs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).sorted().forEach(out::add);
            } catch (IOException ignored) {
                // an unreadable packs folder just contributes nothing
            }
        }
        for (Path p : PackSettings.load(dataFolder, problems).paths()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        String extra = System.getProperty("deepdrill.packs", System.getenv().getOrDefault("DEEPDRILL_PACKS", ""));
        for (String p : extra.split(java.io.File.pathSeparator)) {
            if (!p.isBlank()) {
                out.add(Path.of(p.strip()));
            }
        }
        return out;
    }
}
