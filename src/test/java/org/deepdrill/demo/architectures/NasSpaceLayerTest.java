package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.run.DjlSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two convolution paths of a NAS layer: the training path (k² windows side by side, one matrix
 * product) must give what PyTorch's conv2d gives on the evaluation path, for the same weights and input.
 */
class NasSpaceLayerTest {
    private static final long BATCH = 3;
    private static final long SIZE = 7;
    private static NDManager m;

    @BeforeAll
    static void engine() {
        DjlSetup.configure();
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    /** Values drawn in Java, so neither the weights nor the input have any symmetry. */
    private static NDArray random(Random rnd, Shape shape) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return m.create(v, shape);
    }

    /** A layer without skip whose weight (O,C,k,k) and bias (O) are set from a seed. */
    private static NasSpace.Layer layer(int in, int kernel, int width, Random rnd) {
        NasSpace.Layer layer = new NasSpace.Layer(in, kernel, width, false);
        layer.initialize(m, DataType.FLOAT32, new Shape(BATCH, SIZE, SIZE, in));
        layer.getParameters().get("weight").getArray().set(random(rnd, new Shape(width, in, kernel, kernel)).toFloatArray());
        layer.getParameters().get("bias").getArray().set(random(rnd, new Shape(width)).toFloatArray());
        return layer;
    }

    private static NDArray forward(NasSpace.Layer layer, NDArray x, boolean training) {
        return layer.forward(new ParameterStore(m, false), new NDList(x), training).head();
    }

    private static double maxDiff(NDArray a, NDArray b) {
        assertEquals(a.getShape(), b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void matrixProductPathEqualsPytorchConvolution() {
        int[][] cases = {{1, 1, 4}, {1, 3, 4}, {4, 3, 8}, {8, 5, 16}, {3, 5, 2}}; // in, kernel, width
        Random rnd = new Random(42);
        for (int[] c : cases) {
            try (NDManager scope = m.newSubManager()) {
                NasSpace.Layer layer = layer(c[0], c[1], c[2], rnd);
                NDArray x = random(rnd, new Shape(BATCH, SIZE, SIZE, c[0])); // (B,S,S,C)
                x.attach(scope);
                NDArray windows = forward(layer, x, true); // (B,S,S,O)
                NDArray conv = forward(layer, x, false);
                windows.attach(scope);
                conv.attach(scope);
                String label = "in " + c[0] + ", kernel " + c[1] + ", width " + c[2];
                assertEquals(new Shape(BATCH, SIZE, SIZE, c[2]), windows.getShape(), label);
                // the ReLU zeroes about half of the outputs; the rest must be there and must match
                assertTrue(windows.gt(0).sum().getLong() > windows.size() / 4, label + ": too few active outputs");
                double err = maxDiff(windows, conv);
                assertTrue(err < 1e-4, label + ": max difference " + err);
            }
        }
    }

    /**
     * The comparison is sensitive to the order of the windows: the same layer with its kernel
     * flipped or transposed (which is what reading the windows in the wrong order amounts to) is
     * far from the convolution that uses the original kernel.
     */
    @Test
    void aWrongWindowOrderWouldBeCaught() {
        Random rnd = new Random(7);
        int in = 4;
        int kernel = 3;
        int width = 8;
        try (NDManager scope = m.newSubManager()) {
            NasSpace.Layer layer = layer(in, kernel, width, rnd);
            NDArray x = random(rnd, new Shape(BATCH, SIZE, SIZE, in));
            x.attach(scope);
            NDArray reference = forward(layer, x, false);
            reference.attach(scope);
            NDArray w = layer.getParameters().get("weight").getArray(); // (O,C,k,k)
            float[] original = w.toFloatArray();
            NDArray[] wrong = {w.flip(2, 3), w.transpose(0, 1, 3, 2), w.flip(2)};
            for (NDArray bad : wrong) {
                bad.attach(scope);
                w.set(bad.toFloatArray());
                NDArray out = forward(layer, x, true);
                out.attach(scope);
                double err = maxDiff(out, reference);
                assertTrue(err > 0.5, "a reordered kernel gave nearly the same output: max difference " + err);
            }
            w.set(original);
        }
    }
}
