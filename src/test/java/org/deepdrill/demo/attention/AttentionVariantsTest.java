package org.deepdrill.demo.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.run.DjlSetup;
import org.deepdrill.demo.lib.blocks.Attention;
import org.deepdrill.demo.lib.blocks.LinearAttention;
import org.deepdrill.demo.lib.blocks.LocalAttention;
import org.deepdrill.demo.lib.blocks.MemoryProbe;
import org.deepdrill.demo.lib.blocks.Rope;
import org.deepdrill.demo.lib.blocks.TiledAttention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attention variants against their dense definitions on random inputs. */
class AttentionVariantsTest {
    private static NDManager m;

    @BeforeAll
    static void engine() {
        DjlSetup.configure();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static NDArray rand(long... shape) {
        return m.randomNormal(new Shape(shape)).mul(1.5f);
    }

    private static double maxDiff(NDArray a, NDArray b) {
        assertEquals(a.getShape(), b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void tiledEqualsStandardWithoutMask() {
        NDArray q = rand(2, 3, 70, 16);
        NDArray k = rand(2, 3, 70, 16);
        NDArray v = rand(2, 3, 70, 16);
        NDArray ref = Attention.scaledDotProduct(q, k, v, null).get(0);
        for (int tile : new int[] {1, 16, 32, 70, 128}) { // uneven last tile included
            double err = maxDiff(TiledAttention.forward(q, k, v, tile, false), ref);
            assertTrue(err < 1e-5, "tile " + tile + ": max error " + err);
        }
    }

    @Test
    void tiledEqualsStandardWithCausalMask() {
        NDArray q = rand(2, 2, 64, 8);
        NDArray k = rand(2, 2, 64, 8);
        NDArray v = rand(2, 2, 64, 8);
        NDArray ref = Attention.scaledDotProduct(q, k, v, Attention.causalMask(m, 64)).get(0);
        for (int tile : new int[] {1, 7, 16, 64}) {
            double err = maxDiff(TiledAttention.forward(q, k, v, tile, true), ref);
            assertTrue(err < 1e-5, "causal tile " + tile + ": max error " + err);
        }
    }

    @Test
    void tiledAttentionFreesEachTile() {
        try (NDManager s = m.newSubManager()) {
            NDArray q = s.randomNormal(new Shape(1, 1, 1024, 8));
            long inputs = 3 * MemoryProbe.liveBytes(s);
            NDArray k = s.randomNormal(new Shape(1, 1, 1024, 8));
            NDArray v = s.randomNormal(new Shape(1, 1, 1024, 8));
            MemoryProbe probe = new MemoryProbe(s);
            TiledAttention.forward(q, k, v, 32, true, probe);
            long extra = probe.peak() - inputs;
            assertTrue(extra > 1024L * 32 * 4, "the score tile is counted: " + extra);
            assertTrue(extra < 1024L * 1024 * 4 / 2, "far below one 1024×1024 score matrix: " + extra);
        }
    }

    @Test
    void causalLinearPrefixSumEqualsMaskedQuadraticForm() {
        NDArray q = rand(2, 2, 48, 8);
        NDArray k = rand(2, 2, 48, 8);
        NDArray v = rand(2, 2, 48, 6);
        double err = maxDiff(LinearAttention.causal(q, k, v), LinearAttention.causalQuadratic(q, k, v));
        assertTrue(err < 1e-5, "prefix-sum against quadratic: " + err);
    }

    @Test
    void nonCausalLinearEqualsItsQuadraticForm() {
        NDArray q = rand(1, 2, 40, 8);
        NDArray k = rand(1, 2, 40, 8);
        NDArray v = rand(1, 2, 40, 8);
        NDArray a = LinearAttention.feature(q).matMul(LinearAttention.feature(k).swapAxes(-1, -2)); // (B,H,T,T)
        NDArray quad = a.matMul(v).div(a.sum(new int[] {3}, true));
        assertTrue(maxDiff(LinearAttention.forward(q, k, v), quad) < 1e-5);
    }

    @Test
    void blockedLocalEqualsBandMaskedStandard() {
        NDArray q = rand(2, 2, 64, 8);
        NDArray k = rand(2, 2, 64, 8);
        NDArray v = rand(2, 2, 64, 8);
        for (boolean causal : new boolean[] {false, true}) {
            for (int w : new int[] {4, 16, 64}) {
                NDArray ref = Attention.scaledDotProduct(q, k, v, LocalAttention.bandMask(m, 64, w, causal)).get(0);
                double err = maxDiff(LocalAttention.forward(q, k, v, w, causal), ref);
                assertTrue(err < 1e-5, "window " + w + " causal " + causal + ": " + err);
            }
        }
    }

    @Test
    void ropeScoresDependOnlyOnTheOffset() {
        NDArray q = rand(1, 1, 1, 16).repeat(2, 20); // the same vector at every position (1,1,20,16)
        NDArray k = rand(1, 1, 1, 16).repeat(2, 20);
        NDArray s = Rope.apply(q, 10000).matMul(Rope.apply(k, 10000).swapAxes(-1, -2)).reshape(20, 20);
        float[] v = s.toFloatArray();
        for (int i = 3; i < 20; i++) {
            assertEquals(v[3 * 20], v[i * 20 + i - 3], 1e-3, "score at offset 3 is the same at every position");
        }
    }
}
