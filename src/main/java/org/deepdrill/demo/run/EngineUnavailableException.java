package org.deepdrill.demo.run;

/** The deep-learning engine cannot start on this computer; the message says why, for the user. */
public final class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message) {
        super(message);
    }
}
