package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Table;

import java.util.List;

/** The limits of fp32, fp16 and bf16, decoded from their bit patterns. */
public final class FormatTable {
    /** Max finite, min normal, min subnormal and ε (gap above 1) of one format. */
    public record Limits(String name, int exponentBits, int mantissaBits, double max, double minNormal,
                         double minSubnormal, double epsilon) {
        List<String> row() {
            return List.of(name, "1-" + exponentBits + "-" + mantissaBits, Claim.num(max), Claim.num(minNormal),
                    Claim.num(minSubnormal), Claim.num(epsilon),
                    Claim.num(Math.log10(2) * (mantissaBits + 1)));
        }
    }

    private FormatTable() {
    }

    public static Limits fp32() {
        return new Limits("fp32", 8, 23, Float.MAX_VALUE, Float.MIN_NORMAL, Float.MIN_VALUE, Math.ulp(1f));
    }

    public static Limits fp16() {
        return new Limits("fp16", 5, 10, LowPrecision.fromFp16Bits((short) 0x7BFF),
                LowPrecision.fromFp16Bits((short) 0x0400), LowPrecision.fromFp16Bits((short) 0x0001),
                LowPrecision.fromFp16Bits((short) 0x3C01) - 1.0);
    }

    public static Limits bf16() {
        return new Limits("bf16", 8, 7, LowPrecision.fromBf16Bits((short) 0x7F7F),
                LowPrecision.fromBf16Bits((short) 0x0080), LowPrecision.fromBf16Bits((short) 0x0001),
                LowPrecision.fromBf16Bits((short) 0x3F81) - 1.0);
    }

    public static Table table() {
        return new Table("formats", "Number formats, decoded from their bit patterns",
                List.of("format", "sign-exp-mantissa", "max finite", "min normal", "min subnormal", "ε (gap above 1)",
                        "decimal digits"),
                List.of(fp32().row(), fp16().row(), bf16().row()));
    }
}
