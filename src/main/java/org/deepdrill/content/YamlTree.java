package org.deepdrill.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Parses a metadata block with SnakeYAML into a Jackson tree. SnakeYAML alone starts in about
 * 60 ms; a full Jackson YAML mapper took about 200 ms, which sat on the start-up path.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A YAML error with the 0-based line inside the block where SnakeYAML found it. */
    static final class Malformed extends Exception {
        final int yamlLine;

        Malformed(String message, int yamlLine) {
            super(message);
            this.yamlLine = yamlLine;
        }
    }

    private YamlTree() {
    }

    static JsonNode parse(String yaml) throws Malformed {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(1_000_000);
        try {
            return toNode(new Yaml(new SafeConstructor(options)).load(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine();
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new Malformed(context + what, line);
        } catch (YAMLException e) {
            throw new Malformed(e.getMessage(), 0);
        }
    }

    private static JsonNode toNode(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, x) -> o.set(String.valueOf(k), toNode(x)));
            return o;
        }
        if (v instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            list.forEach(x -> a.add(toNode(x)));
            return a;
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof java.util.Date d) {
            return NODES.textNode(d.toInstant().toString());
        }
        return NODES.textNode(String.valueOf(v));
    }
}
