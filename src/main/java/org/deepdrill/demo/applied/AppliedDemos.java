package org.deepdrill.demo.applied;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 3. */
public final class AppliedDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new TimeSeriesForecastingDemo(), new GnnMultitaskDemo(), new FederatedLearningDemo(), new CalibrationDemo(),
                new PretrainingDataDemo());
    }
}
