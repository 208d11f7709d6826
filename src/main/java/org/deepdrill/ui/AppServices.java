package org.deepdrill.ui;

import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.run.DemoRunner;

/** What the window needs from the core: content, demos and the runner. Built once at start-up. */
public final class AppServices implements AutoCloseable {
    private final ContentSet content;
    private final DemoRegistry registry;
    private final DemoRunner runner;
    private org.deepdrill.quiz.QuizBook quizBook;
    private java.nio.file.Path dataFolder = org.deepdrill.quiz.DataFolder.locate();

    public AppServices(ContentSet content, DemoRegistry registry, DemoRunner runner) {
        this.content = content;
        this.registry = registry;
        this.runner = runner;
    }

    public static AppServices load() {
        DemoRegistry registry = DemoRegistry.builtIn();
        return new AppServices(org.deepdrill.content.ContentLibrary.loadWithPacks(ContentLocator.locate(),
                org.deepdrill.quiz.DataFolder.locate()), registry, DemoRunner.withDjl(registry));
    }

    public ContentSet content() {
        return content;
    }

    public DemoRegistry registry() {
        return registry;
    }

    public DemoRunner runner() {
        return runner;
    }

    /** The data folder that holds progress.json and settings.json. */
    public java.nio.file.Path dataFolder() {
        return dataFolder;
    }

    public void setDataFolder(java.nio.file.Path folder) {
        this.dataFolder = folder;
        this.quizBook = null;
    }

    public org.deepdrill.quiz.QuizSettings settings() {
        return org.deepdrill.quiz.QuizSettings.load(dataFolder.resolve("settings.json"));
    }

    /** The learner's progress, loaded on first use; its messages say if a file was restored. */
    public synchronized org.deepdrill.quiz.QuizBook quizBook() {
        if (quizBook == null) {
            quizBook = new org.deepdrill.quiz.QuizBook(new org.deepdrill.quiz.ProgressStore(dataFolder.resolve("progress.json")),
                    settings().parameters());
        }
        return quizBook;
    }

    @Override
    public void close() {
        runner.close();
    }
}
