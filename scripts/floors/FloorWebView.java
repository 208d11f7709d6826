import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/** Start-up floor: a bare WebView in a window, timed to the end of loading a short HTML page. */
public class FloorWebView {
    /** Launched through the outer class, which does not extend Application: JavaFX sits on the class path, as in DeepDrill. */
    public static class App extends Application {
        @Override
        public void start(Stage stage) {
            WebView web = new WebView();
            stage.setScene(new Scene(web, 1200, 800));
            stage.show();
            web.getEngine().getLoadWorker().stateProperty().addListener((o, was, now) -> {
                if (now == Worker.State.SUCCEEDED) {
                    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("floor webview loaded: " + (System.currentTimeMillis() - start) + " ms after JVM start");
                    Platform.exit();
                }
            });
            web.getEngine().loadContent("<html><body><h1>Question</h1><p>An answer of a few paragraphs.</p>"
                    + "<p>Another paragraph of text.</p></body></html>");
        }
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
