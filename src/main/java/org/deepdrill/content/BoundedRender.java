package org.deepdrill.content;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Renders on a worker thread with a large stack and a time limit, so that a hostile document
 * (thousands of nesting levels, pathological input) can neither overflow the caller's stack nor
 * stall it. On failure the text is shown escaped, with a notice.
 */
final class BoundedRender {
    static final long TIME_LIMIT_MS = 4000;
    private static final long STACK_BYTES = 512L * 1024 * 1024;

    private BoundedRender() {
    }

    static String run(Supplier<String> render, String source) {
        AtomicReference<String> out = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(render.get());
            } catch (Throwable e) { // StackOverflowError included: the worker dies, the app does not
                error.set(e);
            }
        }, "markdown-render", STACK_BYTES);
        t.setDaemon(true);
        t.start();
        try {
            t.join(TIME_LIMIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (out.get() != null) {
            return out.get();
        }
        String why = t.isAlive() ? "it took longer than " + TIME_LIMIT_MS + " ms to render"
                : "it could not be rendered (" + error.get().getClass().getSimpleName() + ")";
        t.interrupt();
        return "<p class=\"render-refused\"><strong>This document is shown as plain text: " + why + ".</strong></p><pre>"
                + MathGuard.escape(source.length() > 200_000 ? source.substring(0, 200_000) + "\n…" : source) + "</pre>";
    }
}
