package org.deepdrill.demo.optim;

/**
 * One Adam step for P parameters on N simulated workers, replicated (ZeRO stage 0) or with the
 * optimiser state, then the gradients, then the parameters split into N shards (stages 1, 2, 3).
 * Each worker's arrays are really allocated; the bytes it holds are read from their lengths.
 */
final class ZeroShards {
    static final float LR = 1e-2f;
    static final float B1 = 0.9f;
    static final float B2 = 0.999f;
    static final float EPS = 1e-8f;

    /** The parameters every worker sees after the step, and the bytes each worker held. */
    record Step(float[][] params, long[] bytesHeld) {
    }

    private ZeroShards() {
    }

    /**
     * {@code grads[w]}: worker w's local gradient; the step uses their mean. {@code gather}: after
     * a sharded update, whether the new parameters are all-gathered (forgetting it is a break).
     */
    static Step step(int stage, float[] params, float[][] grads, boolean gather) {
        int n = grads.length;
        int p = params.length;
        float[][] seen = new float[n][];
        long[] held = new long[n];
        float[][] full = new float[n][];
        for (int w = 0; w < n; w++) {
            int lo = (int) ((long) p * w / n);
            int hi = (int) ((long) p * (w + 1) / n);
            int own = hi - lo;
            // Arrays this worker keeps between steps: parameters, gradients, Adam's m and v.
            float[] myParams = stage >= 3 ? java.util.Arrays.copyOfRange(params, lo, hi) : params.clone();
            float[] myGrad = new float[stage >= 2 ? own : p];
            float[] m = new float[stage >= 1 ? own : p];
            float[] v = new float[stage >= 1 ? own : p];
            held[w] = 4L * (myParams.length + myGrad.length + m.length + v.length);
            int gOff = stage >= 2 ? lo : 0;
            for (int i = 0; i < myGrad.length; i++) {
                float sum = 0;
                for (float[] g : grads) {
                    sum += g[gOff + i];
                }
                myGrad[i] = sum / n; // a reduce-scatter (stage ≥ 2) or an all-reduce
            }
            int sOff = stage >= 1 ? lo : 0;
            int pOff = stage >= 3 ? lo : 0;
            float[] updated = myParams;
            for (int i = 0; i < m.length; i++) {
                float g = myGrad[sOff - gOff + i];
                m[i] = (1 - B1) * g;
                v[i] = (1 - B2) * g * g;
                float mHat = m[i] / (1 - B1);
                float vHat = v[i] / (1 - B2);
                updated[sOff - pOff + i] -= LR * mHat / ((float) Math.sqrt(vHat) + EPS);
            }
            full[w] = updated;
        }
        for (int w = 0; w < n; w++) {
            if (stage == 0) {
                seen[w] = full[w];
                continue;
            }
            // The worker updated only its own slice; the rest comes from the others' slices when gathered.
            float[] view = stage >= 3 ? params.clone() : full[w].clone();
            for (int o = 0; o < n; o++) {
                int lo = (int) ((long) p * o / n);
                int hi = (int) ((long) p * (o + 1) / n);
                if (o == w || gather) {
                    int off = stage >= 3 ? 0 : lo; // a stage-3 worker holds only its slice
                    System.arraycopy(full[o], off, view, lo, hi - lo);
                }
            }
            seen[w] = view;
        }
        return new Step(seen, held);
    }
}
