package org.deepdrill.ui;

import org.deepdrill.ui.bench.PulseMonitor;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.deepdrill.content.ContentLoader;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FX thread keeps pulsing while a demo trains and while its results are drawn. */
@ExtendWith(ApplicationExtension.class)
class FxStallTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        AppServices services = new AppServices(ContentLoader.load(MainWindowTest.FIXTURE), DemoRegistry.builtIn(), DemoTestSupport.runner());
        window = new MainWindow(services);
        stage.setScene(new Scene(window.root(), 1200, 760));
        stage.show();
    }

    @Test
    void noLongStallWhileADemoRuns(FxRobot robot) throws Exception {
        DemoTestSupport.runner().engine().join();
        robot.interact(() -> window.navigation().select("q06-attention-scaling"));
        PulseMonitor monitor = new PulseMonitor();
        robot.interact(monitor::start);
        robot.interact(() -> window.demoPanel().runNow(true));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#claims").tryQuery().isPresent());
        Thread.sleep(1500);
        robot.interact(monitor::stop);
        System.out.printf("claims shown in %.1f ms CPU, longest build step %.1f ms CPU; ", window.demoPanel().lastShowMillis(),
                window.demoPanel().longestBuildStepMillis());
        System.out.printf("FX pulses %d, longest gap %.1f ms, gaps over 100 ms: %d%n", monitor.pulses(), monitor.maxGapMillis(),
                monitor.stallsOver100ms());
        assertTrue(monitor.pulses() > 10, "the FX thread kept pulsing");
        // Pulse gaps also count time the OS gives to other processes, so on a shared host they are
        // reported, not asserted. What our code costs the FX thread (its CPU time per step) is
        // bounded here; the 100 ms budget is checked on a quiet machine (BENCHMARKS.md).
        assertTrue(window.demoPanel().lastShowMillis() < 250, "claims took " + window.demoPanel().lastShowMillis() + " ms");
        assertTrue(window.demoPanel().longestBuildStepMillis() < 250,
                "longest result-building step " + window.demoPanel().longestBuildStepMillis() + " ms");
    }
}
