package org.deepdrill.demo.optim;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 5. */
public final class OptimDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new OptimizersDemo(), new MixedPrecisionDemo(), new QuantizationDemo(), new KvCacheDemo(), new CheckpointDemo(),
                new SpeculativeDecodingDemo(), new DistributedTrainingDemo(), new LoraDemo());
    }
}
