package org.deepdrill.quiz;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@link Progress} in a JSON file. A save writes a temporary file, forces it to disk, keeps
 * the previous good file as {@code .bak}, then renames the temporary file over the old one, so a
 * crash leaves the old or the new state, never a torn one. A corrupt file or one from a newer
 * version is moved aside (never overwritten) and the last good copy is restored. The interview
 * date is an optional field of the same format, so older files load unchanged.
 */
public final class ProgressStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Where the store was read from and what happened on the way. */
    public record Loaded(Progress progress, List<String> messages) {
    }

    private final Path file;

    public ProgressStore(Path file) {
        this.file = file;
    }

    /** The default file: {@code deepdrill.data} property, {@code DEEPDRILL_DATA} variable, or ~/.local/share/deepdrill. */
    public static ProgressStore atDefaultLocation() {
        return new ProgressStore(DataFolder.locate().resolve("progress.json"));
    }

    public Path file() {
        return file;
    }

    Path backup() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    Path temp() {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    public Loaded load() {
        List<String> messages = new ArrayList<>();
        if (!Files.exists(file)) {
            if (Files.exists(backup())) {
                return fromBackup(messages, "The progress file was missing");
            }
            return new Loaded(Progress.empty(), messages);
        }
        try {
            return new Loaded(read(file, messages), messages);
        } catch (IOException | RuntimeException e) {
            Path aside = moveAside(messages);
            return fromBackup(messages, "The progress file could not be used (" + e.getMessage() + "); it was kept as "
                    + (aside == null ? file : aside.getFileName()));
        }
    }

    private Loaded fromBackup(List<String> messages, String reason) {
        if (Files.exists(backup())) {
            try {
                Progress p = read(backup(), messages);
                messages.add(reason + ". Restored the last good copy with " + p.log().size() + " reviews.");
                return new Loaded(p, messages);
            } catch (IOException | RuntimeException e) {
                messages.add(reason + ", and the last good copy is unusable too (" + e.getMessage() + "). Starting empty.");
                return new Loaded(Progress.empty(), messages);
            }
        }
        messages.add(reason + ". There is no earlier copy, so progress starts empty.");
        return new Loaded(Progress.empty(), messages);
    }

    private Path moveAside(List<String> messages) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + stamp);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            return aside;
        } catch (IOException e) {
            messages.add("Could not move the unreadable file aside: " + e.getMessage());
            return null;
        }
    }

    static Progress read(Path p) throws IOException {
        return read(p, new ArrayList<>());
    }

    /** Reads a progress file; a bad interview date is dropped with a note, never the reviews. */
    static Progress read(Path p, List<String> notes) throws IOException {
        JsonNode root = JSON.readTree(p.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        int version = root.path("version").asInt(-1);
        if (version > Progress.VERSION) {
            throw new IOException("written by a newer DeepDrill (format " + version + ", this one reads " + Progress.VERSION + ")");
        }
        if (version < 1) {
            throw new IOException("no format version");
        }
        Map<String, CardState> cards = new LinkedHashMap<>();
        root.path("cards").fields().forEachRemaining(e -> cards.put(e.getKey(), card(e.getKey(), e.getValue())));
        List<Review> log = new ArrayList<>();
        for (JsonNode r : root.path("log")) {
            log.add(new Review(r.path("card").asText(), Instant.parse(r.path("reviewedAt").asText()),
                    Rating.of(r.path("rating").asInt()), r.path("source").asText("self")));
        }
        Progress progress = new Progress(cards, log);
        String date = root.path("interviewDate").asText("");
        if (!date.isEmpty()) {
            try {
                progress.setInterviewDate(LocalDate.parse(date));
            } catch (DateTimeParseException e) {
                notes.add("The interview date '" + date + "' in the progress file is not a date; set it again in Stats → Settings.");
            }
        }
        return progress;
    }

    private static CardState card(String id, JsonNode n) {
        return new CardState(id, CardState.Phase.valueOf(n.path("phase").asText()), n.path("step").asInt(0),
                n.path("stability").asDouble(Double.NaN), n.path("difficulty").asDouble(Double.NaN),
                Instant.parse(n.path("due").asText()),
                n.hasNonNull("lastReview") ? Instant.parse(n.path("lastReview").asText()) : null);
    }

    /** Writes the whole state atomically and keeps the previous file as the last good copy. */
    public synchronized void save(Progress progress) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(progress));
        writeDurably(temp(), bytes);
        if (Files.exists(file)) {
            try {
                read(file); // only a readable file becomes the backup
                Files.copy(file, backup(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException unreadable) {
                // keep the older backup
            }
        }
        try {
            Files.move(temp(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp(), file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void writeDurably(Path p, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            out.write(bytes);
            out.flush();
            ch.force(true);
        }
    }

    private static ObjectNode toJson(Progress p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", Progress.VERSION);
        p.interviewDate().ifPresent(d -> root.put("interviewDate", d.toString()));
        ObjectNode cards = root.putObject("cards");
        p.cards().forEach((id, c) -> {
            ObjectNode n = cards.putObject(id);
            n.put("phase", c.phase().name());
            n.put("step", c.step());
            if (!Double.isNaN(c.stability())) {
                n.put("stability", c.stability());
                n.put("difficulty", c.difficulty());
            }
            n.put("due", c.due().toString());
            if (c.lastReview() != null) {
                n.put("lastReview", c.lastReview().toString());
            }
        });
        ArrayNode log = root.putArray("log");
        for (Review r : p.log()) {
            ObjectNode n = log.addObject();
            n.put("card", r.card());
            n.put("reviewedAt", r.reviewedAt().toString());
            n.put("rating", r.rating().value());
            n.put("source", r.source());
        }
        return root;
    }
}
