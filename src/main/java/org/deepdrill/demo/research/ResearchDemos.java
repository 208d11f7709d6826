package org.deepdrill.demo.research;

import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The demos of content section 4. */
public final class ResearchDemos implements DemoProvider {
    @Override
    public List<Demo<?, ?>> demos() {
        return List.of(new ScalingLawsDemo(), new DoubleDescentDemo(), new LotteryTicketDemo(), new MixtureOfExpertsDemo(), new DistillationDemo(),
                new TestTimeComputeDemo(), new RlhfDpoDemo());
    }
}
