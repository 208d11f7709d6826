package org.deepdrill.ui;

import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.deepdrill.content.HostileContentTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders hostile Markdown in the real WebView and checks that none of it ran. */
@ExtendWith(ApplicationExtension.class)
class HostilePageTest {
    private WebView web;

    @Start
    void start(Stage stage) {
        web = new WebView();
        stage.setScene(new Scene(web, 800, 600));
        stage.show();
    }

    @Test
    void scriptsFromContentNeverExecute(FxRobot robot) throws Exception {
        String page = AnswerPage.markdownPage("Hostile", "test", HostileContentTestData.document(), false);
        robot.interact(() -> web.getEngine().loadContent(page));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> web.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED).get());
        Object[] r = new Object[5];
        robot.interact(() -> {
            // search marks made from hostile words stay text too
            r[3] = web.getEngine().executeScript("window.deepdrillFind(" + AnswerPage.jsArray(java.util.List.of("pwned", "<script>",
                    "onerror=\"window.pwned", "\"); window.pwned=6; (\"")) + "," + AnswerPage.jsArray(java.util.List.of("</script>")) + ")");
            r[0] = web.getEngine().executeScript("typeof window.pwned");
            r[1] = web.getEngine().executeScript("Array.from(document.scripts).filter(function (s) { return !/\\/(katex\\.min|highlight\\.min|answer|find)\\.js$/.test(s.src); }).length");
            r[2] = web.getEngine().executeScript("document.body.getAttribute('data-rendered')");
            r[4] = web.getEngine().executeScript("document.querySelectorAll('mark.dd-hit').length");
        });
        assertEquals("undefined", r[0], "no hostile script ran");
        assertEquals(0, ((Number) r[1]).intValue(), "only our bundled scripts (KaTeX, highlight.js, answer.js, find.js) are in the page");
        assertEquals("true", r[2], "our own script did run");
        assertTrue(((Number) r[3]).intValue() > 0 && ((Number) r[4]).intValue() > 0, "the hostile words were marked, as text");
    }
}
