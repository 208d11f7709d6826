package org.deepdrill.demo.tool.inspect;

import java.util.List;

/**
 * Parameters and multiply-adds of an untrained network, per unit and in total. MACs: one
 * multiply-add counts once; convolutions, linear layers and attention matmuls only (batch 1).
 */
public record ModelSummary(String name, List<Long> inputShape, List<LayerRow> layers, long totalParameters,
                           long totalMacs) {
    public ModelSummary {
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
    }
}
