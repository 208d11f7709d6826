package org.deepdrill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process (Java heap plus native), from /proc, and a sampler for its peak. */
final class ProcessMemory implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRss;
    private volatile long peakHeap;

    ProcessMemory() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        thread.setDaemon(true);
        sample();
        thread.start();
    }

    private void sample() {
        peakRss = Math.max(peakRss, rssBytes());
        Runtime rt = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
    }

    long peakRss() {
        return peakRss;
    }

    long peakHeap() {
        return peakHeap;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** Current resident set size in bytes, or -1 where /proc is not available. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static int threadCount() {
        return Thread.activeCount();
    }
}
