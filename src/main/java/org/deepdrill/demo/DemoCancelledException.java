package org.deepdrill.demo;

/** Thrown inside a demo when its run was cancelled. */
public class DemoCancelledException extends RuntimeException {
    public DemoCancelledException(String demoId) {
        super("Demo " + demoId + " was cancelled");
    }
}
