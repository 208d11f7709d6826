package org.deepdrill.demo.attention;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 2: attention and transformer mechanisms. */
public final class AttentionDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new AttentionScalingDemo(), new MultiHeadAttentionDemo(), new PositionalEncodingsDemo(),
                new AttentionComplexityDemo(), new VitVsCnnDemo(),
                new TokenizationDemo(), new InContextLearningDemo());
    }
}
