package org.deepdrill.demo.tool.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.deepdrill.demo.lib.blocks.NamedChain;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Totals against the torchvision reference counts; MACs against torchvision's published GFLOPS (MAC) figures. */
class ModelInspectorTest {

    private static ModelSummary check(String name, long params, double gmacs) {
        ModelSummary s = ModelInspector.summary(name);
        assertEquals(params, s.totalParameters(), name + " parameters");
        assertEquals(s.totalParameters(), s.layers().stream().mapToLong(LayerRow::parameters).sum(), "rows add up");
        assertEquals(s.totalMacs(), s.layers().stream().mapToLong(LayerRow::macs).sum(), "row MACs add up");
        assertEquals(gmacs, s.totalMacs() / 1e9, gmacs * 0.01, name + " GMACs");
        assertEquals(List.of(1L, 1000L), s.layers().get(s.layers().size() - 1).outputShape());
        return s;
    }

    @Test
    void resnet18() {
        ModelSummary s = check("resnet18", 11_689_512L, 1.81);
        assertEquals(9_408L, s.layers().get(0).parameters(), "7×7×3×64 stem conv without bias");
        assertEquals(513_000L, s.layers().get(s.layers().size() - 1).parameters(), "fc 512·1000 + 1000");
    }

    @Test
    void resnet50() {
        check("resnet50", 25_557_032L, 4.09);
    }

    @Test
    void densenet121() {
        ModelSummary s = check("densenet121", 7_978_856L, 2.83);
        assertEquals(58, s.layers().stream().filter(r -> r.type().equals("DenseLayer")).count());
    }

    @Test
    void vitB16() {
        ModelSummary s = check("vit_b_16", 86_567_656L, 17.56);
        assertEquals(List.of(1L, 197L, 768L), s.layers().get(0).outputShape());
        assertEquals(7_087_872L, s.layers().get(1).parameters(), "one encoder layer");
    }

    @Test
    void resnet18RunsForwardToTheSummaryShape() {
        NamedChain net = ModelInspector.network("resnet18");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            NDArray y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 64, 64))), false)
                    .head();
            assertEquals(new Shape(2, 1000), y.getShape());
            assertTrue(Float.isFinite(y.sum().getFloat()));
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelInspector.summary("vgg99"));
        assertTrue(e.getMessage().contains("resnet18"), e.getMessage());
    }
}
