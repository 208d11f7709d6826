package org.deepdrill.cli;

import org.deepdrill.demo.tool.inspect.LayerRow;
import org.deepdrill.demo.tool.inspect.ModelInspector;
import org.deepdrill.demo.tool.inspect.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code model summary NAME}: parameters and MACs of a reference network, per layer and in total. */
@Command(name = "model", description = "Inspect reference networks built with DJL.", mixinStandardHelpOptions = true,
        subcommands = {ModelCommand.Summary.class})
final class ModelCommand {

    @Command(name = "summary", description = "Per-layer output shape, trainable parameters and MACs (batch 1, 224×224).")
    static final class Summary implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "resnet18, resnet34, resnet50, densenet121 or vit_b_16")
        String name;

        @Option(names = "--json", description = "print the summary as JSON")
        boolean json;

        @Override
        public Integer call() {
            if (!ModelInspector.names().contains(name)) {
                throw new IllegalArgumentException("unknown model '" + name + "'; known models: "
                        + String.join(", ", ModelInspector.names()));
            }
            PrintWriter out = spec.commandLine().getOut();
            ModelSummary s = ModelInspector.summary(name);
            out.println(json ? Json.write(toJson(s)) : text(s));
            out.flush();
            return 0;
        }
    }

    static Map<String, Object> toJson(ModelSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("inputShape", s.inputShape());
        m.put("parameters", s.totalParameters());
        m.put("macs", s.totalMacs());
        m.put("macConvention", "one multiply-add counts once; convolutions, linear layers and attention matmuls");
        m.put("layers", s.layers().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.name());
            row.put("type", r.type());
            row.put("outputShape", r.outputShape());
            row.put("parameters", r.parameters());
            row.put("macs", r.macs());
            return row;
        }).toList());
        return m;
    }

    static String text(ModelSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.name()).append("  input ").append(s.inputShape()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-28s %-20s %-22s %14s %16s%n", "layer", "type", "output", "params", "MACs"));
        for (LayerRow r : s.layers()) {
            sb.append(String.format(Locale.ROOT, "%-28s %-20s %-22s %,14d %,16d%n", r.name(), r.type(),
                    shape(r.outputShape()), r.parameters(), r.macs()));
        }
        sb.append(String.format(Locale.ROOT, "%-72s %,14d %,16d%n", "total", s.totalParameters(), s.totalMacs()));
        sb.append(String.format(Locale.ROOT, "%.2f M parameters, %.3f G multiply-adds per image%n",
                s.totalParameters() / 1e6, s.totalMacs() / 1e9));
        return sb.toString();
    }

    private static String shape(List<Long> dims) {
        return dims.toString().replace(" ", "");
    }
}
