package org.deepdrill.demo.run;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * glibc's view of native memory. {@link #trim()} hands freed memory back to the operating system
 * after a run: glibc keeps what PyTorch frees in its arenas, so without it the process's RSS stays
 * at the largest run's high-water mark. {@link #inUseBytes()} counts live malloc allocations,
 * which, unlike RSS, neither fragmentation nor the Java heap's size moves: the soak's leak measure.
 * Both are no-ops where glibc is absent.
 */
public final class NativeHeap {
    /** glibc's struct mallinfo2: ten size_t fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    private interface LibC extends Library {
        int malloc_trim(long pad);

        MallInfo2 mallinfo2();
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

    /** Bytes in live malloc allocations over all arenas (including mmap'd blocks), or -1 if unknown. */
    public static long inUseBytes() {
        if (LIBC == null) {
            return -1;
        }
        try {
            MallInfo2 m = LIBC.mallinfo2();
            return m.uordblks + m.hblkhd;
        } catch (UnsatisfiedLinkError e) {
            return -1; // glibc before 2.33
        }
    }
}
