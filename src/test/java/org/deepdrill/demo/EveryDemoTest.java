package org.deepdrill.demo;

import org.deepdrill.demo.run.DemoRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * What every registered demo owes, so that a new demo cannot skip it: its claims hold in quick runs
 * under seeds 1, 2 and 3, and each of its breaks turns the claims it names false. Each demo's own
 * test class adds a judge test per claim, on a hand-made record in which the claim is false.
 */
class EveryDemoTest {
    static Stream<String> ids() {
        return DemoRegistry.builtIn().ids().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void holdsAcrossSeeds(String id) {
        DemoTestSupport.assertHoldsAcrossSeeds(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void breaksFlipTheirClaims(String id) {
        DemoTestSupport.assertBreaksFlip(id);
    }
}
