import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/** Start-up floor: a bare JavaFX window with a tree and some text, timed to its first painted frame. */
public class FloorWindow {
    /** Launched through the outer class, which does not extend Application: JavaFX sits on the class path, as in DeepDrill. */
    public static class App extends Application {
        @Override
        public void start(Stage stage) {
            TreeItem<String> root = new TreeItem<>("Sections");
            for (int i = 1; i <= 7; i++) {
                TreeItem<String> s = new TreeItem<>("Section " + i);
                for (int q = 1; q <= 5; q++) {
                    s.getChildren().add(new TreeItem<>("Question " + i + "." + q));
                }
                s.setExpanded(true);
                root.getChildren().add(s);
            }
            root.setExpanded(true);
            Label text = new Label("A question and its answer would be here.");
            text.setWrapText(true);
            stage.setScene(new Scene(new HBox(12, new TreeView<>(root), text), 1200, 800));
            stage.show();
            new AnimationTimer() {
                private int frames;

                @Override
                public void handle(long now) {
                    if (++frames == 2) {
                        stop();
                        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
                        System.out.println("floor window painted: " + (System.currentTimeMillis() - start) + " ms after JVM start");
                        Platform.exit();
                    }
                }
            }.start();
        }
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
