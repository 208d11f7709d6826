package org.deepdrill.demo.run;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Chart;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.ParamException;
import org.deepdrill.demo.Params;
import org.deepdrill.demo.Presentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One demo run put together: setup (broken if asked), measure, then judge and present on the same
 * record. The judge never learns the break's name; only the result carries it.
 */
final class Composed<S extends Record, R extends Record> {
    private final Demo<S, R> demo;
    private final S setup;
    private final String breakName;
    private final Params params;

    private Composed(Demo<S, R> demo, S setup, String breakName, Params params) {
        this.demo = demo;
        this.setup = setup;
        this.breakName = breakName;
        this.params = params;
    }

    /** Checks the break name and builds the setup; throws {@link ParamException} for a bad name. */
    static <S extends Record, R extends Record> Composed<S, R> of(Demo<S, R> demo, Params params, String breakName) {
        S setup = demo.setup(params);
        if (!breakName.isEmpty()) {
            Break<S> b = demo.breaks().stream().filter(x -> x.name().equals(breakName)).findFirst()
                    .orElseThrow(() -> new ParamException("Unknown break '" + breakName + "' for demo " + demo.spec().id()
                            + "; known: " + known(demo)));
            setup = b.apply().apply(setup);
        }
        return new Composed<>(demo, setup, breakName, params);
    }

    private static String known(Demo<?, ?> demo) {
        List<String> names = demo.breaks().stream().map(Break::name).toList();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    String id() {
        return demo.spec().id();
    }

    Outcome execute(DemoContext ctx) throws Exception {
        R run = demo.measure(setup, ctx);
        return new Outcome(demo.judge(run), demo.present(run));
    }

    /** The judged and presented run, waiting for the runner's clock and device. */
    final class Outcome {
        private final List<Claim> claims;
        private final Presentation shown;

        private Outcome(List<Claim> claims, Presentation shown) {
            this.claims = claims;
            this.shown = shown;
        }

        DemoResult toResult(List<Chart> live, String device, long elapsedMillis) {
            Map<String, Chart> charts = new LinkedHashMap<>();
            live.forEach(c -> charts.put(c.id(), c));
            shown.charts().forEach(c -> charts.put(c.id(), c));
            return new DemoResult(id(), breakName, device, elapsedMillis, params.asMap(), shown.metrics(),
                    new ArrayList<>(charts.values()), shown.heatmaps(), shown.tables(), claims, shown.notes());
        }
    }
}
