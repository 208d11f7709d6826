package org.deepdrill.demo.theory;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 7. */
public final class TheoryDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new GradientCheckDemo(), new SoftmaxCeGradientDemo(), new InitDepthDemo(), new UniversalApproximationDemo(), new BiasVarianceDemo(), new RegularisationDemo(), new SuperpositionDemo());
    }
}
