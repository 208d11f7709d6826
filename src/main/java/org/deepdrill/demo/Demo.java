package org.deepdrill.demo;

/**
 * A live demo. Implementations read their parameters from the context, do real work with DJL on
 * {@code ctx.device()}, report progress, and record metrics, charts and claims into the context.
 */
public interface Demo {
    DemoSpec spec();

    void run(DemoContext ctx) throws Exception;
}
