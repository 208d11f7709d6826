package org.deepdrill.demo;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** One runner for the whole test JVM: demos share the engine and its single demo thread. */
public final class DemoTestSupport {
    private static DemoRunner runner;

    private DemoTestSupport() {
    }

    public static synchronized DemoRunner runner() {
        if (runner == null) {
            DjlSetup.configure();
            runner = DemoRunner.withDjl(DemoRegistry.builtIn());
        }
        return runner;
    }

    /** Runs a demo in quick mode with optional parameter overrides. */
    public static DemoResult quick(String id, Map<String, String> params) {
        return runner().run(id, params, true, RunListener.NONE);
    }

    public static DemoResult quick(String id) {
        return quick(id, Map.of());
    }

    /** Asserts that the claim whose statement contains {@code fragment} holds, with its value in the message. */
    public static Claim assertClaimHolds(DemoResult r, String fragment) {
        Claim c = r.claims().stream().filter(x -> x.statement().contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no claim containing '" + fragment + "' in " + r.claims()));
        assertTrue(c.holds(), () -> "claim failed: " + c.statement() + " = " + c.verdictText());
        return c;
    }

    /**
     * Asserts every claim except wall-clock timing claims, which depend on what else the machine
     * is doing: those belong to the benchmarks (BENCHMARKS.md reports them for default runs) and
     * are asserted here only with -Ddeepdrill.testTiming=true.
     */
    static boolean isTiming(Claim c) {
        String s = c.statement().toLowerCase(java.util.Locale.ROOT).replace("timescale", "");
        return s.contains("time") || s.contains("faster") || s.contains("speed-up") || s.contains("ms added")
                || s.contains("slower");
    }

    public static void assertAllClaimsHold(DemoResult r) {
        boolean timing = Boolean.getBoolean("deepdrill.testTiming");
        for (Claim c : r.claims()) {
            if (!timing && isTiming(c)) {
                if (!c.holds()) {
                    System.out.println(r.id() + ": timing claim not asserted in tests: " + c.statement() + " = " + c.verdictText());
                }
                continue;
            }
            assertTrue(c.holds(), () -> r.id() + ": claim failed: " + c.statement() + " = " + c.verdictText());
        }
        assertTrue(!r.claims().isEmpty(), r.id() + " made no claims");
    }
}
