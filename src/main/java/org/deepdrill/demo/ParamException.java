package org.deepdrill.demo;

/** A parameter value that cannot be used; the message names the parameter and what is allowed. */
public class ParamException extends IllegalArgumentException {
    public ParamException(String message) {
        super(message);
    }
}
