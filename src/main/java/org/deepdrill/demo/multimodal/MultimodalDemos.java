package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 6. */
public final class MultimodalDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new ContrastiveDemo(), new DiffusionDemo(), new SsmDemo(), new VaeDemo(),
                new CrossAttentionDemo(), new FlowMatchingDemo());
    }
}
