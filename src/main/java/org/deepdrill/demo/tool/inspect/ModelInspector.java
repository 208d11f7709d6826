package org.deepdrill.demo.tool.inspect;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import org.deepdrill.demo.run.DjlSetup;
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.NamedChain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds a reference network with DJL (untrained), initialises it for one 3×224×224 image and
 * reports trainable parameters and MACs per top-level unit and in total.
 */
public final class ModelInspector {
    private static final Map<String, Supplier<NamedChain>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("resnet18", () -> Architectures.resnet(new int[] {2, 2, 2, 2}, false));
        MODELS.put("resnet34", () -> Architectures.resnet(new int[] {3, 4, 6, 3}, false));
        MODELS.put("resnet50", () -> Architectures.resnet(new int[] {3, 4, 6, 3}, true));
        MODELS.put("densenet121", () -> Architectures.densenet(new int[] {6, 12, 24, 16}));
        MODELS.put("vit_b_16", () -> Architectures.vit(16, 768, 12, 12, 3072, 224));
    }

    private ModelInspector() {
    }

    public static Set<String> names() {
        return MODELS.keySet();
    }

    /** The network itself, not yet initialised. */
    public static NamedChain network(String name) {
        Supplier<NamedChain> s = MODELS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", names()));
        }
        return s.get();
    }

    public static Shape inputShape() {
        return new Shape(1, 3, 224, 224);
    }

    public static ModelSummary summary(String name) {
        NamedChain net = network(name);
        DjlSetup.configure();
        Shape input = inputShape();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            List<LayerRow> rows = new ArrayList<>();
            Shape s = input;
            for (int i = 0; i < net.blocks().size(); i++) {
                Block b = net.blocks().get(i);
                Shape out = b.getOutputShapes(new Shape[] {s})[0];
                rows.add(new LayerRow(net.names().get(i), typeName(b), dims(out), BlockCost.trainableParameters(b),
                        BlockCost.macs(b, s)));
                s = out;
            }
            return new ModelSummary(name, dims(input), rows, BlockCost.trainableParameters(net), net.macs(input));
        }
    }

    private static String typeName(Block b) {
        return b instanceof LambdaBlock l ? l.getName() : b.getClass().getSimpleName();
    }

    private static List<Long> dims(Shape s) {
        return Arrays.stream(s.getShape()).boxed().toList();
    }
}
