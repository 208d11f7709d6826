package org.deepdrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCommandTest {
    @Test
    void resnet18JsonHasTotalsAndRows() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), "model", "summary", "resnet18", "--json");
        assertEquals(0, code, err.toString());
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertEquals(11_689_512L, j.get("parameters").asLong());
        assertEquals(1_814_073_344L, j.get("macs").asLong());
        assertTrue(j.get("layers").size() > 10);
        assertEquals("conv1", j.get("layers").get(0).get("name").asText());
        assertEquals(9_408L, j.get("layers").get(0).get("parameters").asLong());
    }

    @Test
    void unknownModelExitsWithTwoAndListsKnownNames() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), "model", "summary", "alexnet9");
        assertEquals(2, code);
        assertTrue(err.toString().contains("vit_b_16"), err.toString());
    }
}
