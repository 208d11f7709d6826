package org.deepdrill.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.deepdrill.content.Question;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real WebView: a page rendered once is kept, and the next load of it needs no KaTeX script yet shows the same math. */
@ExtendWith(ApplicationExtension.class)
class RenderCacheWebTest {
    @TempDir
    static Path dir;

    private QuestionView view;
    private final AtomicInteger loads = new AtomicInteger();

    @Start
    void start(Stage stage) {
        view = new QuestionView();
        view.setRenderCache(new RenderCache(dir.resolve("answers")));
        view.onAnswerRendered(loads::incrementAndGet);
        stage.setScene(new Scene(view.root(), 800, 600));
        stage.show();
    }

    @Test
    void secondLoadUsesTheKeptBody(FxRobot robot) throws Exception {
        Question q = new Question("q99-test", 1, "Test", "none", List.of(), List.of(),
                "The loss is $\\mathcal{L} = \\sum_i (y_i - \\hat y_i)^2$.\n\n```java\nint x = 1;\n```\n", "q99.md", 1);
        robot.interact(() -> {
            view.startWebView();
            view.show(q, null);
        });
        awaitLoads(1);
        String[] first = snapshot(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.list(dir.resolve("answers")).findAny().isPresent());

        robot.interact(() -> view.show(q, null));
        awaitLoads(2);
        String[] second = snapshot(robot);

        assertEquals("1", first[0], "the first load ran KaTeX");
        assertEquals("0", second[0], "the second had no KaTeX script");
        assertTrue(Integer.parseInt(first[1]) > 0, "math was rendered the first time");
        assertEquals(first[1], second[1], "and the kept body has the same rendered math");
        assertEquals(first[2], second[2], "and the same highlighted code");
        assertEquals(first[3], second[3], "and the same text");
    }

    private void awaitLoads(int n) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> loads.get() >= n);
    }

    private String[] snapshot(FxRobot robot) {
        String[] r = new String[4];
        robot.interact(() -> {
            var e = view.webView().getEngine();
            r[0] = String.valueOf(e.executeScript("Array.from(document.scripts).filter(function (s) { return /katex\\.min\\.js$/.test(s.src); }).length"));
            r[1] = String.valueOf(e.executeScript("document.querySelectorAll('main .katex').length"));
            r[2] = String.valueOf(e.executeScript("document.querySelectorAll('main .hljs-keyword, main .hljs-type').length"));
            r[3] = String.valueOf(e.executeScript("document.querySelector('main').textContent"));
        });
        return r;
    }
}
