package org.deepdrill.demo;

import java.util.List;

/**
 * A live demo in three parts. {@link #measure} runs the network and returns a plain record;
 * {@link #judge} turns that record into claims and nothing else; {@link #present} turns it into
 * charts and tables and decides nothing. The runner calls all three and builds one result.
 *
 * <p>To write one: declare a {@code Setup} record of checked parameters (seed included) and a
 * {@code Run} record of plain numbers; give at least one {@link Break}; keep every DJL call in
 * {@code measure}; make {@code judge} a pure function that a hand-made record can test.
 *
 * @param <S> checked parameters
 * @param <R> what one run measured
 */
public interface Demo<S extends Record, R extends Record> {
    DemoSpec spec();

    /** Reads the checked parameters into the setup record. */
    S setup(Params params);

    /** Named wrong worlds; each maps a setup to a broken one. */
    List<Break<S>> breaks();

    /** The only engine code: seeds from the setup, reports progress and live points, measures. */
    R measure(S setup, DemoContext ctx) throws Exception;

    /** Pure: the run's record in, claims out. No engine, no randomness, no I/O. */
    List<Claim> judge(R run);

    /** Charts, tables, metrics and notes for the run; never a verdict. */
    Presentation present(R run);
}
