package org.deepdrill.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CPU as /proc/cpuinfo describes it, and its theoretical float32 peak. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        m.put("cores", cores);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = value(lines, "model name");
            double mhz = Double.parseDouble(value(lines, "cpu MHz"));
            String flags = value(lines, "flags");
            int lanes = flags.contains("avx512f") ? 16 : flags.contains("avx") ? 8 : 4;
            // One FMA (2 flops) per lane per cycle: a full-width FMA pipe, or two half-width ones
            // as on AMD Zen 4, which splits 512-bit work over two 256-bit units.
            double peak = cores * mhz / 1000 * lanes * 2;
            m.put("model", model);
            m.put("mhz", mhz);
            m.put("fp32Lanes", lanes);
            m.put("peakGflops", peak);
            m.put("peakFormula", cores + " cores × " + mhz / 1000 + " GHz × " + lanes + " fp32 lanes × 2 flops per FMA");
        } catch (Exception e) {
            m.put("model", "unknown (" + e.getMessage() + ")");
        }
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
    }
}
