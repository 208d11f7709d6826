package org.deepdrill.demo.optim;

/**
 * All-reduce (sum) of one float vector per worker, simulated in one process, counting the bytes
 * each worker sends. The ring does N−1 reduce-scatter steps and N−1 all-gather steps, each worker
 * passing one chunk of about size/N to its right neighbour; the naive version sends the whole
 * vector to every other worker. Without the all-gather (a reduce-scatter alone), each worker ends
 * with only one chunk of the sum.
 */
final class RingAllReduce {
    /** The reduced vectors (one per worker, all equal when it works) and the bytes each worker sent. */
    record Result(float[][] out, long[] bytesSent) {
        long maxBytesPerWorker() {
            long m = 0;
            for (long b : bytesSent) {
                m = Math.max(m, b);
            }
            return m;
        }
    }

    private RingAllReduce() {
    }

    static Result ring(float[][] in) {
        return ring(in, true);
    }

    static Result ring(float[][] in, boolean allGather) {
        int n = in.length;
        int size = in[0].length;
        float[][] buf = copy(in);
        long[] sent = new long[n];
        int[] start = new int[n + 1];
        for (int c = 0; c <= n; c++) {
            start[c] = (int) ((long) size * c / n);
        }
        // Reduce-scatter: at step t, worker w sends chunk (w − t) mod N to w + 1, which adds it in.
        for (int t = 0; t < n - 1; t++) {
            float[][] msgs = new float[n][];
            for (int w = 0; w < n; w++) {
                int c = Math.floorMod(w - t, n);
                msgs[w] = java.util.Arrays.copyOfRange(buf[w], start[c], start[c + 1]);
                sent[w] += 4L * msgs[w].length;
            }
            for (int w = 0; w < n; w++) {
                int from = Math.floorMod(w - 1, n);
                int c = Math.floorMod(from - t, n);
                for (int i = 0; i < msgs[from].length; i++) {
                    buf[w][start[c] + i] += msgs[from][i];
                }
            }
        }
        // Now worker w holds the full sum of chunk (w + 1) mod N. All-gather: pass the finished chunks round.
        for (int t = 0; allGather && t < n - 1; t++) {
            float[][] msgs = new float[n][];
            for (int w = 0; w < n; w++) {
                int c = Math.floorMod(w + 1 - t, n);
                msgs[w] = java.util.Arrays.copyOfRange(buf[w], start[c], start[c + 1]);
                sent[w] += 4L * msgs[w].length;
            }
            for (int w = 0; w < n; w++) {
                int from = Math.floorMod(w - 1, n);
                int c = Math.floorMod(from + 1 - t, n);
                System.arraycopy(msgs[from], 0, buf[w], start[c], msgs[from].length);
            }
        }
        return new Result(buf, sent);
    }

    /** Every worker sends its whole vector to every other worker, and each adds what it receives. */
    static Result allToAll(float[][] in) {
        int n = in.length;
        float[][] buf = copy(in);
        long[] sent = new long[n];
        for (int w = 0; w < n; w++) {
            for (int other = 0; other < n; other++) {
                if (other != w) {
                    sent[w] += 4L * in[w].length;
                    for (int i = 0; i < in[w].length; i++) {
                        buf[other][i] += in[w][i];
                    }
                }
            }
        }
        return new Result(buf, sent);
    }

    private static float[][] copy(float[][] in) {
        float[][] out = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i].clone();
        }
        return out;
    }
}
