package org.deepdrill.demo.run;

import org.deepdrill.demo.DemoProvider;

import java.util.List;

/** The built-in demo providers, one per content section. */
final class BuiltInDemos {
    private BuiltInDemos() {
    }

    static List<DemoProvider> providers() {
        return List.of(
                new org.deepdrill.demo.architectures.ArchitectureDemos(),
                new org.deepdrill.demo.attention.AttentionDemos(),
                new org.deepdrill.demo.applied.AppliedDemos(),
                new org.deepdrill.demo.research.ResearchDemos(),
                new org.deepdrill.demo.optim.OptimDemos(),
                new org.deepdrill.demo.multimodal.MultimodalDemos(),
                new org.deepdrill.demo.theory.TheoryDemos());
    }
}
