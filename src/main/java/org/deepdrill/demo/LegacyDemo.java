package org.deepdrill.demo;

import java.util.List;

/**
 * Transitional adapter for demos still written as one {@code run} method that records its own
 * claims and charts. It has no breaks and no separate judge; each demo moves to {@link Demo}'s
 * measure, judge and present, and this class goes when the last one has.
 */
@Deprecated
public abstract class LegacyDemo implements Demo<LegacyDemo.Setup, LegacyDemo.Collected> {

    /** The parameters, unparsed. */
    public record Setup(Params params) {
    }

    /** What the old run recorded. */
    public record Collected(List<Claim> claims, Presentation presentation) {
    }

    protected abstract void run(LegacyContext ctx) throws Exception;

    @Override
    public final Setup setup(Params params) {
        return new Setup(params);
    }

    @Override
    public List<Break<Setup>> breaks() {
        return List.of();
    }

    @Override
    public final Collected measure(Setup setup, DemoContext ctx) throws Exception {
        LegacyContext c = new LegacyContext(ctx);
        run(c);
        return c.collected();
    }

    @Override
    public final List<Claim> judge(Collected run) {
        return run.claims();
    }

    @Override
    public final Presentation present(Collected run) {
        return run.presentation();
    }
}
