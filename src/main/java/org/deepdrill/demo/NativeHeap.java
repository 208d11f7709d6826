package org.deepdrill.demo;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Hands freed native memory back to the operating system after a run. glibc keeps what
 * PyTorch frees in its arenas, so without this the process's RSS stays at the largest run's
 * high-water mark. A no-op where glibc is absent.
 */
public final class NativeHeap {
    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private static final LibC LIBC = load();

    private NativeHeap() {
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Returns true when glibc released at least some memory. */
    public static boolean trim() {
        return LIBC != null && LIBC.malloc_trim(0) == 1;
    }
}
