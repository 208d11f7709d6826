package org.deepdrill.ui;

import org.deepdrill.content.ContentLoader;
import org.deepdrill.content.ContentLocator;
import org.deepdrill.content.ContentSet;
import org.deepdrill.demo.DemoRegistry;
import org.deepdrill.demo.DemoRunner;

/** What the window needs from the core: content, demos and the runner. Built once at start-up. */
public final class AppServices implements AutoCloseable {
    private final ContentSet content;
    private final DemoRegistry registry;
    private final DemoRunner runner;

    public AppServices(ContentSet content, DemoRegistry registry, DemoRunner runner) {
        this.content = content;
        this.registry = registry;
        this.runner = runner;
    }

    public static AppServices load() {
        DemoRegistry registry = DemoRegistry.builtIn();
        return new AppServices(ContentLoader.load(ContentLocator.locate()), registry, DemoRunner.withDjl(registry));
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

    @Override
    public void close() {
        runner.close();
    }
}
