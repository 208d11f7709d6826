package org.deepdrill.demo;

/** A demo run that could not finish: the message says why, in words for the user. */
public class DemoFailedException extends RuntimeException {
    public DemoFailedException(String message) {
        super(message);
    }

    public DemoFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
