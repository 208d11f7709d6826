package org.deepdrill.demo.optim;

/**
 * Symmetric uniform quantisation of a weight matrix stored (in, out) row-major: q = clamp(round(w/s),
 * −(2^(b−1)−1), 2^(b−1)−1), with one scale s = max|w|/(2^(b−1)−1) for the whole tensor or one per
 * output channel (column).
 */
final class Quantizer {
    /** Integer codes (held in floats, exact) and the scale of every column. */
    public record Quantized(float[] codes, float[] scales, int in, int out) {
        public float[] dequantize() {
            float[] w = new float[codes.length];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    w[i * out + j] = codes[i * out + j] * scales[j];
                }
            }
            return w;
        }
    }

    private Quantizer() {
    }

    public static int levels(int bits) {
        return (1 << (bits - 1)) - 1; // 127 for 8 bits, 1 for 2 bits
    }

    public static Quantized quantize(float[] w, int in, int out, int bits, boolean perChannel) {
        float[] maxAbs = new float[out];
        float global = 0;
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                float a = Math.abs(w[i * out + j]);
                maxAbs[j] = Math.max(maxAbs[j], a);
                global = Math.max(global, a);
            }
        }
        int q = levels(bits);
        float[] scales = new float[out];
        for (int j = 0; j < out; j++) {
            float range = perChannel ? maxAbs[j] : global;
            scales[j] = range == 0 ? 1f : range / q;
        }
        float[] codes = new float[w.length];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                float c = Math.round(w[i * out + j] / scales[j]);
                codes[i * out + j] = Math.max(-q, Math.min(q, c));
            }
        }
        return new Quantized(codes, scales, in, out);
    }

    /** The "just cast it" mistake: codes round(w) with no scale (every scale 1), clamped to the b-bit range. */
    public static Quantized unscaled(float[] w, int in, int out, int bits) {
        int q = levels(bits);
        float[] scales = new float[out];
        java.util.Arrays.fill(scales, 1f);
        float[] codes = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            codes[i] = Math.max(-q, Math.min(q, Math.round(w[i])));
        }
        return new Quantized(codes, scales, in, out);
    }

    /** Per-tensor symmetric int8 codes of activations with a calibrated scale. */
    public static float[] quantizeActivations(float[] x, float scale, int bits) {
        int q = levels(bits);
        float[] c = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = Math.max(-q, Math.min(q, Math.round(x[i] / scale)));
        }
        return c;
    }
}
