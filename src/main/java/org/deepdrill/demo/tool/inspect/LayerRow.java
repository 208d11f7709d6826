package org.deepdrill.demo.tool.inspect;

import java.util.List;

/** One row of a model summary: a named unit, its block type, output shape, trainable parameters and MACs. */
public record LayerRow(String name, String type, List<Long> outputShape, long parameters, long macs) {
    public LayerRow {
        outputShape = List.copyOf(outputShape);
    }
}
