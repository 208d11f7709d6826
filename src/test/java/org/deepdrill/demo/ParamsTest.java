package org.deepdrill.demo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamsTest {
    private final DemoSpec spec = new DemoSpec("x", "X", "", List.of(), List.of(
            ParamSpec.ofInt("n", "N", 1, 10, 5, 2, ""),
            ParamSpec.ofDouble("lr", "LR", 1e-4, 1, 0.1, 0.5, ""),
            ParamSpec.ofBool("flag", "Flag", true, false, ""),
            ParamSpec.ofChoice("mode", "Mode", List.of("a", "b"), "a", "b", "")));

    @Test
    void defaultsAndQuickValues() {
        Params d = Params.resolve(spec, Map.of(), false);
        assertEquals(5, d.getInt("n"));
        assertEquals(0.1, d.getDouble("lr"));
        assertTrue(d.getBool("flag"));
        Params q = Params.resolve(spec, Map.of(), true);
        assertEquals(2, q.getInt("n"));
        assertEquals("b", q.get("mode"));
        assertEquals(7, Params.resolve(spec, Map.of("n", "7"), true).getInt("n"));
    }

    @Test
    void outOfRangeNamesParameterAndRange() {
        ParamException e = assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("n", "11"), false));
        assertEquals("Parameter 'n' must be in 1..10, got 11", e.getMessage());
    }

    @Test
    void wrongTypesAndUnknownNames() {
        assertTrue(assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("n", "2.5"), false))
                .getMessage().contains("whole number"));
        assertTrue(assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("lr", "NaN"), false))
                .getMessage().contains("'lr'"));
        assertTrue(assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("flag", "yes"), false))
                .getMessage().contains("true or false"));
        assertTrue(assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("mode", "c"), false))
                .getMessage().contains("a|b"));
        assertTrue(assertThrows(ParamException.class, () -> Params.resolve(spec, Map.of("bogus", "1"), false))
                .getMessage().contains("Unknown parameter 'bogus'"));
    }
}
