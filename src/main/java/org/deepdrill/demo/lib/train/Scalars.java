package org.deepdrill.demo.lib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.HashMap;
import java.util.Map;

/**
 * Constants for arithmetic inside recorded (autograd) code. DJL turns a Java number operand
 * ({@code x.mul(0.5)}) into a tensor that shares a direct buffer and closes it at once, while
 * PyTorch's autograd keeps that tensor for the backward pass; once the buffer is collected the
 * gradient reads freed memory and turns NaN at random steps. {@code x.mul(Scalars.of(0.5))}
 * uses a 0-dim tensor that stays open, cached per run and freed with the run's manager.
 */
public final class Scalars {
    private static final ThreadLocal<Cache> CURRENT = new ThreadLocal<>();
    private static NDManager fallback;

    private Scalars() {
    }

    private record Cache(NDManager manager, Map<Double, NDArray> values) {
    }

    /** Binds the constants of this thread to a run's manager (the runner does this). */
    public static void begin(NDManager manager) {
        CURRENT.set(new Cache(manager, new HashMap<>()));
    }

    public static void end() {
        CURRENT.remove();
    }

    public static NDArray of(double value) {
        Cache c = CURRENT.get();
        if (c == null) {
            c = fallbackCache();
        }
        NDManager m = c.manager();
        // A float32 0-dim array made natively: it never widens an fp32 or fp16 operand, and it
        // stays open until the run ends. (float64 code that needs exact constants keeps numbers.)
        return c.values().computeIfAbsent(value, v -> m.full(new Shape(), v.floatValue(), DataType.FLOAT32));
    }

    private static synchronized Cache fallbackCache() {
        if (fallback == null) {
            fallback = NDManager.newBaseManager();
        }
        Cache c = new Cache(fallback, new HashMap<>());
        CURRENT.set(c);
        return c;
    }
}
