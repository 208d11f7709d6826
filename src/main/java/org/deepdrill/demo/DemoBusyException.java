package org.deepdrill.demo;

/** A run was asked for while another one is still going. */
public class DemoBusyException extends IllegalStateException {
    public DemoBusyException(String runningId) {
        super("Demo " + runningId + " is still running: wait for it or cancel it first.");
    }
}
