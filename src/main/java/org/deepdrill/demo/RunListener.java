package org.deepdrill.demo;

/**
 * Events from a running demo. Called on the demo thread; a UI must hand them to its own thread.
 */
public interface RunListener {
    RunListener NONE = new RunListener() { };

    /** Work done so far, as step of total, with a short message. */
    default void onProgress(int step, int total, String message) {
    }

    /** A live chart was declared; its points follow through {@link #onPoint}. */
    default void onLiveChart(Chart header) {
    }

    default void onPoint(String chartId, String series, double x, double y) {
    }
}
