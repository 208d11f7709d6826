package org.deepdrill.demo;

import org.deepdrill.demo.run.DemoRunner;
import org.deepdrill.demo.run.DemoRegistry;
import org.deepdrill.demo.run.DjlSetup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One runner for the whole test JVM (demos share the engine and its single demo thread), and the
 * three checks every demo gets: claims hold under several seeds, each break flips the claims it
 * names, and the judge fails a false measurement. Claims are found by id, never by their words.
 */
public final class DemoTestSupport {
    /** The seeds every demo's quick run must hold for, besides its own default. */
    public static final List<Integer> SEEDS = List.of(1, 2, 3);

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

    /**
     * Quick results already computed in this JVM, by demo, parameters and break. A demo's quick run is
     * a function of its parameters (the seed among them), so a test class that asks for the same run
     * twice (its own check and the break check's normal run) pays for it once.
     */
    private static final Map<String, DemoResult> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs a demo in quick mode with optional parameter overrides. */
    public static DemoResult quick(String id, Map<String, String> params) {
        return quickBroken(id, params, "");
    }

    public static DemoResult quick(String id) {
        return quick(id, Map.of());
    }

    /** Runs a demo in quick mode, broken by {@code breakName}. */
    public static DemoResult quickBroken(String id, Map<String, String> params, String breakName) {
        String key = id + "|" + new java.util.TreeMap<>(params) + "|" + breakName;
        DemoResult known = RUNS.get(key);
        if (known != null) {
            return known;
        }
        DemoResult r = runner().run(id, params, true, breakName, RunListener.NONE);
        RUNS.put(key, r);
        return r;
    }

    public static Claim claim(DemoResult r, String claimId) {
        return r.claim(claimId)
                .orElseThrow(() -> new AssertionError(r.id() + " made no claim '" + claimId + "' in " + ids(r.claims())));
    }

    public static Claim claim(List<Claim> claims, String claimId) {
        return claims.stream().filter(c -> c.id().equals(claimId)).findFirst()
                .orElseThrow(() -> new AssertionError("no claim '" + claimId + "' in " + ids(claims)));
    }

    /** Asserts that the claim with this id holds, with its value in the message. */
    public static Claim assertClaimHolds(DemoResult r, String claimId) {
        Claim c = claim(r, claimId);
        assertTrue(c.holds(), () -> r.id() + ": claim " + c.id() + " failed: " + c.statement() + " = " + c.verdictText());
        return c;
    }

    /** Asserts that a judge, given a hand-made record, rules on the claim as expected. */
    public static Claim assertJudged(List<Claim> claims, String claimId, boolean holds) {
        Claim c = claim(claims, claimId);
        assertEquals(holds, c.holds(), () -> "claim " + c.id() + " = " + c.verdictText() + ": expected "
                + (holds ? "to hold" : "to fail"));
        return c;
    }

    /** Every measured claim holds; timing claims are the benchmarks' business. */
    public static void assertAllClaimsHold(DemoResult r) {
        assertFalse(r.claims().isEmpty(), r.id() + " made no claims");
        for (Claim c : r.claims()) {
            if (c.isTiming()) {
                continue;
            }
            assertTrue(c.holds(), () -> r.id() + " (" + r.params().get("seed") + "): claim " + c.id() + " failed: "
                    + c.statement() + " = " + c.verdictText());
        }
    }

    /** Quick runs under {@link #SEEDS}: every measured claim holds for each. */
    public static void assertHoldsAcrossSeeds(String id, Map<String, String> params) {
        for (int seed : SEEDS) {
            Map<String, String> p = new HashMap<>(params);
            p.put("seed", Integer.toString(seed));
            assertAllClaimsHold(quick(id, p));
        }
    }

    public static void assertHoldsAcrossSeeds(String id) {
        assertHoldsAcrossSeeds(id, Map.of());
    }

    /**
     * Each break, in quick mode, turns every claim it names false, while the normal run with the
     * same parameters holds them.
     */
    public static void assertBreaksFlip(String id, Map<String, String> params) {
        DemoResult normal = quick(id, params);
        List<? extends Break<?>> breaks = runner().registry().breaks(id);
        assertFalse(breaks.isEmpty(), id + " has no break");
        for (Break<?> b : breaks) {
            DemoResult broken = quickBroken(id, params, b.name());
            assertEquals(b.name(), broken.breakName());
            for (String claimId : b.flips().keySet()) {
                Claim before = claim(normal, claimId);
                Claim after = claim(broken, claimId);
                assertTrue(before.holds(), () -> id + ": " + claimId + " fails even without break " + b.name() + ": " + before.verdictText());
                assertFalse(after.holds(), () -> id + ": break " + b.name() + " did not flip " + claimId + ": " + after.verdictText());
            }
        }
    }

    public static void assertBreaksFlip(String id) {
        assertBreaksFlip(id, Map.of());
    }

    private static List<String> ids(List<Claim> claims) {
        return claims.stream().map(Claim::id).toList();
    }
}
