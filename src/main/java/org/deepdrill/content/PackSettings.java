package org.deepdrill.content;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Extra question-pack folders the user chose in the settings, kept in {@code <data>/packs.json}.
 * A missing file means none; an unreadable one is reported and treated as none, never fatal.
 */
public record PackSettings(List<String> folders) {
    public static final String FILE = "packs.json";

    /** Made on first use only: building a mapper costs about 150 ms, and most starts have no packs.json. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public PackSettings {
        folders = folders == null ? List.of() : List.copyOf(folders);
    }

    /** The folders as paths; blank lines are skipped and a malformed path is an error naming it. */
    public List<Path> paths() {
        List<Path> out = new ArrayList<>();
        for (String f : folders) {
            if (f == null || f.isBlank()) {
                continue;
            }
            try {
                out.add(Path.of(f.strip()));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + f.strip() + "' is not a valid folder path: " + e.getReason());
            }
        }
        return out;
    }

    /** Reads the settings; problems (an unreadable file) go to {@code problems}. */
    public static PackSettings load(Path dataFolder, List<Problem> problems) {
        Path file = dataFolder.resolve(FILE);
        if (!Files.exists(file)) {
            return new PackSettings(List.of());
        }
        try {
            PackSettings s = Json.MAPPER.readValue(file.toFile(), PackSettings.class);
            s.paths();
            return s;
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(file.toString(), 0, "pack settings not readable, no extra packs loaded: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""))));
            return new PackSettings(List.of());
        }
    }

    /** Checks every path, then writes the file atomically. */
    public void save(Path dataFolder) throws IOException {
        paths();
        Files.createDirectories(dataFolder);
        Path file = dataFolder.resolve(FILE);
        Path tmp = dataFolder.resolve(FILE + ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
