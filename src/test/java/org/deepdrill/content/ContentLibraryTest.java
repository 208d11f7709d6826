package org.deepdrill.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentLibraryTest {
    @TempDir
    Path tmp;

    private Path pack(String name, String id, boolean broken) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("01-mine"));
        Files.writeString(root.resolve("01-mine/_section.md"), "---\nnumber: 1\ntitle: My questions\n---\nMine.");
        Files.writeString(root.resolve("01-mine/q1.md"), ContentLoaderTest.GOOD.replace("id: q-good", "id: " + id));
        if (broken) {
            Files.writeString(root.resolve("01-mine/q2.md"), "---\nid: [\n---\n");
        }
        return root;
    }

    @Test
    void packsBecomeTheirOwnSectionsAfterTheBuiltInOnes() throws IOException {
        ContentSet set = ContentLibrary.load(Path.of("src/test/resources/fixture-content"), List.of(pack("team", "team-q1", false)));
        Section last = set.sections().get(set.sections().size() - 1);
        assertEquals(ContentLibrary.FIRST_PACK_SECTION, last.number());
        assertEquals("team: My questions", last.title());
        assertEquals("team-q1", last.questions().get(0).id());
        assertEquals(ContentLibrary.FIRST_PACK_SECTION, last.questions().get(0).section());
        assertTrue(set.folderOf("team-q1").orElseThrow().endsWith("01-mine"));
    }

    @Test
    void aBrokenPackNeverHidesBuiltInContent() throws IOException {
        ContentSet set = ContentLibrary.load(Path.of("src/test/resources/fixture-content"),
                List.of(pack("bad", "q06-attention-scaling", true), tmp.resolve("does-not-exist")));
        assertTrue(set.question("q06-attention-scaling").orElseThrow().file().startsWith("02-attention"), "built-in wins");
        assertTrue(set.problems().stream().anyMatch(p -> p.toString().startsWith("pack bad/01-mine/q1.md:2: error: question id 'q06-attention-scaling' is already used")), set.problems().toString());
        assertTrue(set.problems().stream().anyMatch(p -> p.file().startsWith("pack bad/01-mine/q2.md")), set.problems().toString());
        assertTrue(set.problems().stream().anyMatch(p -> p.file().startsWith("pack does-not-exist")), set.problems().toString());
    }

    @Test
    void foldersChosenInTheSettingsLoadAsPacks() throws IOException {
        Path data = tmp.resolve("data");
        Path elsewhere = pack("elsewhere", "far-q1", false);
        new PackSettings(List.of(elsewhere.toString(), "  ")).save(data);
        assertEquals(List.of(elsewhere), ContentLibrary.packFolders(data));
        ContentSet set = ContentLibrary.loadWithPacks(Path.of("src/test/resources/fixture-content"), data);
        assertEquals(ContentLibrary.FIRST_PACK_SECTION, set.question("far-q1").orElseThrow().section());
    }

    @Test
    void anUnreadablePackSettingsFileIsReportedAndBuiltInContentStillLoads() throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(PackSettings.FILE), "{\"folders\": [\"/a\", ");
        ContentSet set = ContentLibrary.loadWithPacks(Path.of("src/test/resources/fixture-content"), data);
        assertTrue(set.question("q06-attention-scaling").isPresent());
        assertTrue(set.problems().stream().anyMatch(p -> p.file().endsWith("packs.json")
                && p.message().startsWith("pack settings not readable, no extra packs loaded")), set.problems().toString());
    }
}
