package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 1. */
public final class ArchitectureDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new ResidualGradientFlowDemo(), new ConvKernelCostDemo(),
                new NormalizationBatchSizeDemo(), new NasSearchDemo(),
                new CnnVsTransformerAttentionDemo());
    }
}
