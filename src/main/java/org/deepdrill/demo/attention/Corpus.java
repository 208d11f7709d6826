package org.deepdrill.demo.attention;

import org.deepdrill.demo.DemoFailedException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The app's own question Markdown, read straight from the class path (where the build copies
 * {@code content/}), split into a training part and a held-out part: every fifth question file, in
 * name order, starting at file {@code fold}, is held out.
 */
record Corpus(String train, String heldOut, int files) {

    static Corpus load(int fold) {
        URL url = Corpus.class.getResource("/content/README.md");
        if (url == null) {
            throw new DemoFailedException("the bundled question content is not on the class path");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException ignored) {
                    // opened before: reuse it
                }
            }
            Path root = Path.of(uri).getParent();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = new ArrayList<>(walk.filter(p -> p.getFileName().toString().matches("q\\d+.*\\.md"))
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList());
            }
            StringBuilder train = new StringBuilder();
            StringBuilder held = new StringBuilder();
            for (int i = 0; i < files.size(); i++) {
                String text = Files.readString(files.get(i), StandardCharsets.UTF_8);
                (i % 5 == fold ? held : train).append(text).append('\n');
            }
            return new Corpus(train.toString(), held.toString(), files.size());
        } catch (IOException | URISyntaxException e) {
            throw new DemoFailedException("could not read the bundled content: " + e.getMessage());
        }
    }
}
