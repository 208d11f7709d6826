package org.deepdrill.demo.optim;

/**
 * Exact software rounding of float32 to fp16 (1-5-10) and bf16 (1-8-7), round-to-nearest-even,
 * with subnormals, overflow to infinity and NaN kept. Used where the CPU engine lacks a dtype.
 */
public final class LowPrecision {
    private LowPrecision() {
    }

    /** float32 to bf16 bits: keep the top 16 bits, rounding the dropped 16 to nearest, ties to even. */
    public static short toBf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40); // quiet NaN
        }
        int lsb = (bits >>> 16) & 1;
        int rounded = bits + 0x7FFF + lsb; // carry into the exponent gives ∞ on overflow
        return (short) (rounded >>> 16);
    }

    public static float fromBf16Bits(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    public static float roundBf16(float f) {
        return fromBf16Bits(toBf16Bits(f));
    }

    /** float32 to IEEE binary16 bits, round-to-nearest-even. */
    public static short toFp16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0)); // ∞ or NaN
        }
        int e = exp - 127 + 15; // re-biased exponent
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00); // too large even before rounding
        }
        if (e <= 0) {
            // Subnormal or zero in fp16: value = m·2^-24 with the implicit bit made explicit.
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to ±0
            }
            int full = mant | 0x800000; // 24-bit significand
            int shift = 14 - e; // bits to drop
            int half = 1 << (shift - 1);
            int q = full >>> shift;
            int rest = full & ((1 << shift) - 1);
            if (rest > half || (rest == half && (q & 1) == 1)) {
                q++;
            }
            return (short) (sign | q); // q may carry into the smallest normal: still correct
        }
        int q = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (q & 1) == 1)) {
            q++; // may carry into the exponent, up to 0x7C00 = ∞
        }
        return (short) (sign | q);
    }

    public static float fromFp16Bits(short h) {
        int v = h & 0xFFFF;
        int sign = (v & 0x8000) << 16;
        int exp = (v >>> 10) & 0x1F;
        int mant = v & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float m = mant * 0x1p-24f; // subnormal: m·2^-24
            return sign != 0 ? -m : m;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    public static float roundFp16(float f) {
        return fromFp16Bits(toFp16Bits(f));
    }

    public static float[] roundBf16(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = roundBf16(v[i]);
        }
        return out;
    }

    public static float[] roundFp16(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = roundFp16(v[i]);
        }
        return out;
    }
}
