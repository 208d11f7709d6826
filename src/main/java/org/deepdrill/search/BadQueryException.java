package org.deepdrill.search;

/** A query that cannot be searched for, with a message that says why and what to type instead. */
public final class BadQueryException extends IllegalArgumentException {
    public BadQueryException(String message) {
        super(message);
    }
}
