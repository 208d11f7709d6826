package org.deepdrill.demo;

/** A demo id that no registered demo has. */
public class UnknownDemoException extends IllegalArgumentException {
    public UnknownDemoException(String id) {
        super("Unknown demo id '" + id + "'. Run 'demo list' to see the available demos.");
    }
}
